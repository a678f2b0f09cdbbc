/* Fuzz the office config parser (antre_config_parse): any bytes are refused with one
 * "FILE:LINE: message" line or give a config whose ids all look themselves up again. */
#include <string.h>

#include "config.h"
#include "fuzz.h"

static antre_config_t cfg;

/* A parsed config holds together: counts in range, every id finds itself, journeys
 * name services that exist. */
static void check_config(void)
{
	FUZZ_CHECK(cfg.n_services >= 0 && cfg.n_services <= ANTRE_MAX_SERVICES);
	FUZZ_CHECK(cfg.n_journeys >= 0 && cfg.n_journeys <= ANTRE_MAX_JOURNEYS);
	FUZZ_CHECK(cfg.n_counters >= 0 && cfg.n_counters <= ANTRE_MAX_COUNTERS);
	for (int i = 0; i < cfg.n_services; i++)
		FUZZ_CHECK(antre_config_service_index(&cfg, cfg.services[i].id) == i);
	for (int i = 0; i < cfg.n_journeys; i++) {
		const antre_journey_t *j = &cfg.journeys[i];
		FUZZ_CHECK(antre_config_journey_index(&cfg, j->id) == i);
		FUZZ_CHECK(j->n_steps > 0 && j->n_steps <= ANTRE_MAX_STEPS);
		for (int k = 0; k < j->n_steps; k++)
			FUZZ_CHECK(j->steps[k] >= 0 && j->steps[k] < cfg.n_services);
	}
	for (int i = 0; i < cfg.n_counters; i++) {
		FUZZ_CHECK(antre_config_counter_index(&cfg, cfg.counters[i].id) == i);
		for (int s = 0; s < cfg.n_services; s++)
			(void)antre_config_counter_serves(&cfg, i, s);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512] = "";
	int rc = antre_config_parse((const char *)data, size, "fuzz.ini", "/nonexistent", &cfg,
				    err, sizeof(err));
	if (rc < 0) {
		/* Refused loudly: the file's name, a line number, a sentence. */
		FUZZ_CHECK(strncmp(err, "fuzz.ini:", 9) == 0);
		FUZZ_CHECK(strlen(err) > 10);
		return 0;
	}
	FUZZ_CHECK(rc == 0);
	check_config();
	err[0] = '\0';
	if (antre_config_check_tokens(&cfg, err, sizeof(err)) < 0)
		FUZZ_CHECK(strncmp(err, "fuzz.ini:", 9) == 0);
	return 0;
}
