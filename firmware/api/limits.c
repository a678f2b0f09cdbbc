/* Connection limits: who may hold how many connections, so that a stranger on the
 * office LAN who opens hundreds of them never locks the kiosks, counters and displays
 * out.
 *
 * Every connection is counted per client address. An address is "known" once a
 * request from it carried a valid kiosk, counter or admin token, or when the config
 * names it (a device's `address`). Then:
 *  - an unknown address may hold API_IP_SOFT connections; past that its requests get
 *    a fast 503 with a sentence and the connection is closed, and past API_IP_HARD it
 *    is not accepted at all;
 *  - a known address may hold API_IP_KNOWN;
 *  - the last `reserve` places of the whole daemon are for known addresses only.
 * Half-open requests are closed by the connection timeout (see server.c). */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "api_internal.h"
#include "xmalloc.h"

#define API_IP_SOFT 48       /* connections an unknown address is served on */
#define API_IP_HARD 64       /* ... and accepted at all */
#define API_IP_KNOWN 512     /* a known device (a counter PC with several tabs) */
#define SLOTS 16384          /* addresses remembered (a LAN has fewer hosts) */

typedef struct {
	uint32_t addr;           /* IPv4, network order; 0 = free slot */
	int conns;
	int known;
} slot_t;

struct api_limits {
	pthread_mutex_t lock;
	slot_t slot[SLOTS];
	int used;
	int total, max, reserve;
	uint64_t refused, turned_away;
};

static uint32_t addr_of(const struct sockaddr *sa)
{
	if (sa == NULL || sa->sa_family != AF_INET)
		return 0;
	return ((const struct sockaddr_in *)sa)->sin_addr.s_addr;
}

/* The slot of addr, created when missing (NULL when the table is full). Lock held. */
static slot_t *find(api_limits_t *l, uint32_t addr, int create)
{
	uint32_t h = addr * 2654435761u;
	for (int k = 0; k < SLOTS; k++) {
		slot_t *s = &l->slot[(h + (uint32_t)k) % SLOTS];
		if (s->addr == addr)
			return s;
		if (s->addr == 0) {
			if (!create || l->used >= SLOTS * 3 / 4)
				return NULL;
			s->addr = addr;
			l->used++;
			return s;
		}
	}
	return NULL;
}

api_limits_t *api_limits_create(int max_connections)
{
	api_limits_t *l = xcalloc(1, sizeof(*l));
	pthread_mutex_init(&l->lock, NULL);
	l->max = max_connections;
	l->reserve = max_connections / 8 > 32 ? max_connections / 8 : 32;
	return l;
}

void api_limits_destroy(api_limits_t *l)
{
	if (l == NULL)
		return;
	pthread_mutex_destroy(&l->lock);
	free(l);
}

void api_limits_trust(api_limits_t *l, const struct sockaddr *sa)
{
	uint32_t a = addr_of(sa);
	slot_t *s;
	if (a == 0)
		return;
	pthread_mutex_lock(&l->lock);
	s = find(l, a, 1);
	if (s)
		s->known = 1;
	pthread_mutex_unlock(&l->lock);
}

int api_limits_trust_text(api_limits_t *l, const char *ipv4)
{
	struct sockaddr_in sa;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	if (inet_pton(AF_INET, ipv4, &sa.sin_addr) != 1)
		return -1;
	api_limits_trust(l, (struct sockaddr *)&sa);
	return 0;
}

/* MHD's accept policy: MHD_NO closes the connection before anything is read. */
enum MHD_Result api_limits_accept(void *cls, const struct sockaddr *sa, socklen_t len)
{
	api_limits_t *l = cls;
	uint32_t a = addr_of(sa);
	enum MHD_Result ok = MHD_YES;
	slot_t *s;
	(void)len;

	pthread_mutex_lock(&l->lock);
	s = find(l, a, 0);
	if (l->total >= l->max ||
	    (!(s && s->known) && l->total >= l->max - l->reserve) ||
	    (s && s->conns >= (s->known ? API_IP_KNOWN : API_IP_HARD)))
		ok = MHD_NO;
	if (ok == MHD_NO)
		l->refused++;
	pthread_mutex_unlock(&l->lock);
	return ok;
}

int api_limits_opened(api_limits_t *l, const struct sockaddr *sa)
{
	uint32_t a = addr_of(sa);
	slot_t *s;
	int over = 0;

	pthread_mutex_lock(&l->lock);
	l->total++;
	s = find(l, a, 1);
	if (s) {
		s->conns++;
		over = !s->known && s->conns > API_IP_SOFT;
	} else {
		over = l->total > l->max - l->reserve;   /* table full: judge by the total */
	}
	pthread_mutex_unlock(&l->lock);
	return over;
}

void api_limits_closed(api_limits_t *l, const struct sockaddr *sa)
{
	uint32_t a = addr_of(sa);
	slot_t *s;

	pthread_mutex_lock(&l->lock);
	l->total--;
	s = find(l, a, 0);
	if (s && s->conns > 0)
		s->conns--;
	pthread_mutex_unlock(&l->lock);
}

void api_limits_turned_away(api_limits_t *l)
{
	pthread_mutex_lock(&l->lock);
	l->turned_away++;
	pthread_mutex_unlock(&l->lock);
}

void api_limits_stats(api_limits_t *l, api_limits_stats_t *out)
{
	pthread_mutex_lock(&l->lock);
	out->open = l->total;
	out->max = l->max;
	out->reserve = l->reserve;
	out->refused = l->refused;
	out->turned_away = l->turned_away;
	pthread_mutex_unlock(&l->lock);
}
