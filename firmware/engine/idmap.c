/* Open-addressing string map with linear probing; grows at half full. No deletes:
 * a day's tickets only accumulate, and the map is cleared at the day reset. */
#include "idmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

void antre_idmap_init(antre_idmap_t *m)
{
	m->keys = NULL;
	m->vals = NULL;
	m->n = 0;
	m->cap = 0;
}

void antre_idmap_clear(antre_idmap_t *m)
{
	for (int i = 0; i < m->cap; i++) {
		free(m->keys[i]);
		m->keys[i] = NULL;
	}
	m->n = 0;
}

void antre_idmap_free(antre_idmap_t *m)
{
	antre_idmap_clear(m);
	free(m->keys);
	free(m->vals);
	antre_idmap_init(m);
}

static void insert(antre_idmap_t *m, char *key, int val)
{
	size_t mask = (size_t)m->cap - 1;
	size_t i = hash(key) & mask;
	while (m->keys[i] != NULL) {
		if (strcmp(m->keys[i], key) == 0) {
			free(key);
			m->vals[i] = val;
			return;
		}
		i = (i + 1) & mask;
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
}

static void grow(antre_idmap_t *m)
{
	char **old_keys = m->keys;
	int *old_vals = m->vals;
	int old_cap = m->cap;

	m->cap = m->cap ? m->cap * 2 : 256;
	m->keys = xcalloc((size_t)m->cap, sizeof(*m->keys));
	m->vals = xcalloc((size_t)m->cap, sizeof(*m->vals));
	m->n = 0;
	for (int i = 0; i < old_cap; i++)
		if (old_keys[i] != NULL)
			insert(m, old_keys[i], old_vals[i]);
	free(old_keys);
	free(old_vals);
}

void antre_idmap_put(antre_idmap_t *m, const char *key, int val)
{
	if (2 * (m->n + 1) > m->cap)
		grow(m);
	insert(m, xstrdup(key), val);
}

int antre_idmap_get(const antre_idmap_t *m, const char *key)
{
	size_t mask, i;
	if (m->cap == 0)
		return -1;
	mask = (size_t)m->cap - 1;
	i = hash(key) & mask;
	while (m->keys[i] != NULL) {
		if (strcmp(m->keys[i], key) == 0)
			return m->vals[i];
		i = (i + 1) & mask;
	}
	return -1;
}
