/* A string → index hash map (open addressing), for ticket ids and numbers. */
#ifndef ANTRE_IDMAP_H
#define ANTRE_IDMAP_H

typedef struct {
	char **keys;    /* owned copies */
	int *vals;
	int n, cap;
} antre_idmap_t;

void antre_idmap_init(antre_idmap_t *m);
void antre_idmap_free(antre_idmap_t *m);
void antre_idmap_clear(antre_idmap_t *m);
/* key is copied. */
void antre_idmap_put(antre_idmap_t *m, const char *key, int val);
/* The value, or -1. */
int antre_idmap_get(const antre_idmap_t *m, const char *key);

#endif
