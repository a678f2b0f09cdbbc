/* GET /api/v1/office: the office as configured (no tokens), for kiosks and displays. */
#include "api_internal.h"

static json_t *ids(const antre_config_t *cfg, const int *svc, int n)
{
	json_t *a = json_array();
	for (int k = 0; k < n; k++)
		json_array_append_new(a, json_string(cfg->services[svc[k]].id));
	return a;
}

static void get_office(api_req_t *req, api_resp_t *resp)
{
	const antre_config_t *cfg = req->cfg;
	json_t *o = json_object(), *a;
	char reset[32];

	snprintf(reset, sizeof(reset), "%02d:%02d", cfg->reset_at_min / 60, cfg->reset_at_min % 60);
	json_object_set_new(o, "name", json_string(cfg->name));
	json_object_set_new(o, "name_en", json_string(cfg->name_en));
	json_object_set_new(o, "timezone", json_string(cfg->timezone));
	json_object_set_new(o, "reset_at", json_string(reset));
	json_object_set_new(o, "number_width", json_integer(cfg->number_width));
	if (cfg->priority_policy == ANTRE_PRIORITY_STRICT) {
		json_object_set_new(o, "priority_policy", json_string("strict"));
	} else {
		char pol[16];
		snprintf(pol, sizeof(pol), "1in%d", cfg->priority_n);
		json_object_set_new(o, "priority_policy", json_string(pol));
	}
	json_object_set_new(o, "priority_button", json_boolean(cfg->priority_button));
	json_object_set_new(o, "marquee", json_string(cfg->marquee));
	json_object_set_new(o, "public_url", json_string(cfg->public_url));
	json_object_set_new(o, "ticket_footer", json_string(cfg->ticket_footer));
	json_object_set_new(o, "ticket_footer_en", json_string(cfg->ticket_footer_en));

	a = json_array();
	for (int s = 0; s < cfg->n_services; s++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:i}", "id",
						   cfg->services[s].id, "prefix",
						   cfg->services[s].prefix, "name", cfg->services[s].name,
						   "name_en", cfg->services[s].name_en, "est_service_s",
						   cfg->services[s].est_service_s));
	json_object_set_new(o, "services", a);
	a = json_array();
	for (int j = 0; j < cfg->n_journeys; j++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:o}", "id",
						   cfg->journeys[j].id, "prefix",
						   cfg->journeys[j].prefix, "name", cfg->journeys[j].name,
						   "name_en", cfg->journeys[j].name_en, "steps",
						   ids(cfg, cfg->journeys[j].steps,
						       cfg->journeys[j].n_steps)));
	json_object_set_new(o, "journeys", a);
	a = json_array();
	for (int c = 0; c < cfg->n_counters; c++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:o}", "id", cfg->counters[c].id,
						   "name", cfg->counters[c].name, "services",
						   ids(cfg, cfg->counters[c].services,
						       cfg->counters[c].n_services)));
	json_object_set_new(o, "counters", a);
	a = json_array();
	for (int k = 0; k < cfg->n_kiosks; k++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:i}", "id", cfg->kiosks[k].id,
						   "printer", cfg->kiosks[k].printer, "paper_mm",
						   cfg->kiosks[k].paper_mm));
	json_object_set_new(o, "kiosks", a);
	a = json_array();
	for (int d = 0; d < cfg->n_displays; d++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:b, s:s, s:s}", "id",
						   cfg->displays[d].id, "layout",
						   cfg->displays[d].layout, "audio",
						   cfg->displays[d].audio, "announce",
						   cfg->displays[d].announce, "announce_en",
						   cfg->displays[d].announce_en));
	json_object_set_new(o, "displays", a);
	api_reply_json(resp, 200, o);
}

const api_route_t api_routes_office[] = {
	{ "GET", "/api/v1/office", get_office },
	{ NULL, NULL, NULL },
};
