/* Where clients reach antred (address.h). */
#include "address.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "xmalloc.h"

/* This machine's first up, non-loopback address of FAMILY into host; 0, or -1 if none. */
static int first_lan_address(int family, char *host, size_t cap)
{
	struct ifaddrs *list, *i;
	int found = -1;

	if (getifaddrs(&list) < 0)
		return -1;
	for (i = list; i != NULL && found < 0; i = i->ifa_next) {
		const void *addr;
		if (i->ifa_addr == NULL || i->ifa_addr->sa_family != family ||
		    (i->ifa_flags & IFF_LOOPBACK) || !(i->ifa_flags & IFF_UP))
			continue;
		if (family == AF_INET)
			addr = &((const struct sockaddr_in *)(const void *)i->ifa_addr)->sin_addr;
		else {
			const struct in6_addr *a6 =
				&((const struct sockaddr_in6 *)(const void *)i->ifa_addr)->sin6_addr;
			if (IN6_IS_ADDR_LINKLOCAL(a6))
				continue;   /* needs a zone: no use in a URL on a phone */
			addr = a6;
		}
		if (inet_ntop(family, addr, host, (socklen_t)cap) != NULL)
			found = 0;
	}
	freeifaddrs(list);
	return found;
}

void antre_reach_url(const char *listen, int port, char *url, size_t cap, int *all)
{
	char host[INET6_ADDRSTRLEN + 2] = "";
	const char *colon = strrchr(listen, ':');
	size_t hl = colon ? (size_t)(colon - listen) : strlen(listen);

	antre_strlcpy(host, listen, hl + 1 < sizeof(host) ? hl + 1 : sizeof(host));
	*all = host[0] == '\0' || strcmp(host, "*") == 0 || strcmp(host, "0.0.0.0") == 0 ||
	       strcmp(host, "[::]") == 0 || strcmp(host, "::") == 0;
	if (*all) {
		char lan[INET6_ADDRSTRLEN];
		if (first_lan_address(AF_INET, lan, sizeof(lan)) == 0)
			antre_strlcpy(host, lan, sizeof(host));
		else if (first_lan_address(AF_INET6, lan, sizeof(lan)) == 0)
			snprintf(host, sizeof(host), "[%s]", lan);
		else
			antre_strlcpy(host, "127.0.0.1", sizeof(host));
	}
	snprintf(url, cap, "http://%s:%d", host, port);
}

int antre_url_is_loopback(const char *url)
{
	const char *h = strstr(url, "://");
	h = h ? h + 3 : url;
	return strncmp(h, "127.", 4) == 0 || strncasecmp(h, "localhost", 9) == 0 ||
	       strncmp(h, "[::1]", 5) == 0;
}
