/* System and fake clocks, and calendar arithmetic that needs no libc time zone state. */
#include "clock.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int64_t system_now_ms(antre_clock_t *clock)
{
	struct timespec ts;
	(void)clock;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int32_t system_utc_offset_s(antre_clock_t *clock, int64_t utc_ms)
{
	time_t t = (time_t)(utc_ms / 1000);
	struct tm tm;
	(void)clock;
	localtime_r(&t, &tm);
	return (int32_t)tm.tm_gmtoff;
}

static void system_random_bytes(antre_clock_t *clock, uint8_t *buf, size_t len)
{
	(void)clock;
	while (len > 0) {
		ssize_t n = getrandom(buf, len, 0);
		if (n < 0)
			continue; /* EINTR; getrandom never fails otherwise after boot */
		buf += n;
		len -= (size_t)n;
	}
}

antre_clock_t *antre_clock_system(void)
{
	static antre_clock_t sys = { system_now_ms, system_utc_offset_s, system_random_bytes };
	return &sys;
}

static const int64_t *mapped_ms;

static int64_t mapped_now_ms(antre_clock_t *clock)
{
	(void)clock;
	return __atomic_load_n(mapped_ms, __ATOMIC_ACQUIRE);
}

antre_clock_t *antre_clock_mapped(const char *path, char *err, size_t errcap)
{
	static antre_clock_t mapped = { mapped_now_ms, system_utc_offset_s, system_random_bytes };
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	void *p = MAP_FAILED;

	if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size >= (off_t)sizeof(int64_t))
		p = mmap(NULL, sizeof(int64_t), PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		snprintf(err, errcap, "cannot map the clock file %.200s: %s", path,
			 fd < 0 ? strerror(errno) : "not 8 bytes long, or not a file");
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	close(fd);   /* the mapping stays */
	mapped_ms = p;
	return &mapped;
}

int antre_clock_set_timezone(const char *tz)
{
	if (setenv("TZ", tz, 1) < 0)
		return -1;
	tzset();
	return 0;
}

int64_t antre_monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int antre_cond_init_monotonic(pthread_cond_t *cond)
{
	pthread_condattr_t attr;
	int rc = pthread_condattr_init(&attr);

	if (rc != 0)
		return rc;
	rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	if (rc == 0)
		rc = pthread_cond_init(cond, &attr);
	pthread_condattr_destroy(&attr);
	return rc;
}

void antre_deadline_in(struct timespec *deadline, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, deadline);
	deadline->tv_sec += ms / 1000;
	deadline->tv_nsec += (ms % 1000) * 1000000;
	if (deadline->tv_nsec >= 1000000000) {
		deadline->tv_sec++;
		deadline->tv_nsec -= 1000000000;
	}
}

static int64_t fake_now_ms(antre_clock_t *clock)
{
	return ((antre_fake_clock_t *)clock)->now_ms;
}

static int32_t fake_utc_offset_s(antre_clock_t *clock, int64_t utc_ms)
{
	(void)utc_ms;
	return ((antre_fake_clock_t *)clock)->offset_s;
}

static void fake_random_bytes(antre_clock_t *clock, uint8_t *buf, size_t len)
{
	antre_fake_clock_t *fc = (antre_fake_clock_t *)clock;
	for (size_t i = 0; i < len; i++) {
		fc->rng ^= fc->rng << 13;
		fc->rng ^= fc->rng >> 7;
		fc->rng ^= fc->rng << 17;
		buf[i] = (uint8_t)(fc->rng >> 24);
	}
}

void antre_fake_clock_init(antre_fake_clock_t *fc, int64_t start_ms, int32_t offset_s,
			   uint64_t seed)
{
	fc->base.now_ms = fake_now_ms;
	fc->base.utc_offset_s = fake_utc_offset_s;
	fc->base.random_bytes = fake_random_bytes;
	fc->now_ms = start_ms;
	fc->offset_s = offset_s;
	fc->rng = seed ? seed : 0x9e3779b97f4a7c15ull;
}

void antre_fake_clock_advance(antre_fake_clock_t *fc, int64_t ms)
{
	fc->now_ms += ms;
}

/* Howard Hinnant's days_from_civil inverse. */
void antre_civil_from_days(int64_t days, int *year, int *month, int *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	*year = (int)(yoe + era * 400 + (m <= 2));
	*month = (int)m;
	*day = (int)d;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

void antre_format_time(char *buf, size_t cap, int64_t utc_ms, int32_t offset_s)
{
	int64_t local_s = floor_div(utc_ms, 1000) + offset_s;
	int64_t days = floor_div(local_s, 86400);
	int64_t sod = local_s - days * 86400;
	int y, mo, d;
	int32_t off = offset_s < 0 ? -offset_s : offset_s;

	antre_civil_from_days(days, &y, &mo, &d);
	snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", y, mo, d,
		 (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60),
		 offset_s < 0 ? '-' : '+', (int)(off / 3600), (int)(off / 60 % 60));
}
