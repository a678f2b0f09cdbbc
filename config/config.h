/* The office configuration: what an antre.ini says, validated, as plain data.
 * Parsed with inih; errors come back as "FILE:LINE: message". */
#ifndef ANTRE_CONFIG_H
#define ANTRE_CONFIG_H

#include <stddef.h>

#define ANTRE_MAX_SERVICES 26     /* prefixes are letters A–Z, shared with journeys */
#define ANTRE_MAX_JOURNEYS 26
#define ANTRE_MAX_STEPS 16
#define ANTRE_MAX_COUNTERS 128
#define ANTRE_MAX_KIOSKS 32
#define ANTRE_MAX_DISPLAYS 64
#define ANTRE_ID_MAX 32           /* ids: letters, digits, '-', '_' */
#define ANTRE_TEXT_MAX 200        /* one INI line */
#define ANTRE_LONG_TEXT_MAX 1024  /* marquee and announcements (continuation lines) */
#define ANTRE_PATH_MAX 512
#define ANTRE_ADDR_MAX 16         /* a dotted IPv4 address */
#define ANTRE_TOKEN_MIN 16        /* shortest accepted token, in bytes */
#define ANTRE_TOKEN_MAX 257       /* token buffers: up to 256 bytes and the NUL */
#define ANTRE_LINE_MAX 199        /* longest accepted line, in bytes */

typedef enum { ANTRE_PRIORITY_STRICT, ANTRE_PRIORITY_ONE_IN_N } antre_priority_policy_t;

#define ANTRE_MAX_HOURS 8         /* ranges of one service's hours */
#define ANTRE_QUOTA_MAX 100000

/* One range of a service's hours, in minutes after local midnight: open from from_min
 * up to (not including) to_min; to_min may be 24 * 60. */
typedef struct {
	int from_min, to_min;
} antre_hours_t;

typedef struct {
	char id[ANTRE_ID_MAX];
	char prefix[2];
	char name[ANTRE_TEXT_MAX];
	char name_en[ANTRE_TEXT_MAX];
	int est_service_s;
	antre_hours_t hours[ANTRE_MAX_HOURS];   /* in order, apart; none: open all day */
	int n_hours;
	int quota;                /* kiosk tickets a day, 0: no quota */
	int line;                 /* of the section header */
} antre_service_t;

typedef struct {
	char id[ANTRE_ID_MAX];
	char prefix[2];
	char name[ANTRE_TEXT_MAX];
	char name_en[ANTRE_TEXT_MAX];
	int steps[ANTRE_MAX_STEPS];   /* service indexes */
	int n_steps;
	int line;
} antre_journey_t;

typedef struct {
	char id[ANTRE_ID_MAX];
	char name[ANTRE_TEXT_MAX];
	int services[ANTRE_MAX_SERVICES];
	int n_services;
	char token[ANTRE_TOKEN_MAX];
	char token_file[ANTRE_PATH_MAX];
	int token_line;               /* of token or token_file; 0 when neither is set */
	int line;
	char address[ANTRE_ADDR_MAX];   /* optional: its IPv4 address, for connection ranking */
} antre_counter_t;

typedef struct {
	char id[ANTRE_ID_MAX];
	char token[ANTRE_TOKEN_MAX];
	char token_file[ANTRE_PATH_MAX];
	int token_line;               /* of token or token_file; 0 when neither is set */
	char printer[ANTRE_PATH_MAX];
	int paper_mm;                 /* 58 or 80 */
	int line;
	char address[ANTRE_ADDR_MAX];   /* optional: its IPv4 address, for connection ranking */
} antre_kiosk_t;

typedef struct {
	char id[ANTRE_ID_MAX];
	char layout[ANTRE_ID_MAX + 8];   /* "wall" or "counter:ID" */
	int audio;
	char announce[ANTRE_LONG_TEXT_MAX];
	char announce_en[ANTRE_LONG_TEXT_MAX];
	int line;
	char address[ANTRE_ADDR_MAX];   /* optional: its IPv4 address, for connection ranking */
} antre_display_t;

typedef struct {
	/* [office] */
	char name[ANTRE_TEXT_MAX];
	char name_en[ANTRE_TEXT_MAX];
	char timezone[64];
	int reset_at_min;             /* minutes after local midnight */
	int number_width;
	antre_priority_policy_t priority_policy;
	int priority_n;               /* N of 1inN */
	int priority_button;          /* kiosk offers the priority choice */
	int carry_over;               /* keep open tickets across the day reset */
	int return_priority;          /* a return visit on its return day goes first in line */
	char marquee[ANTRE_LONG_TEXT_MAX];
	char public_url[ANTRE_PATH_MAX];
	char ticket_footer[ANTRE_TEXT_MAX];      /* last lines of a printed ticket; "" = none */
	char ticket_footer_en[ANTRE_TEXT_MAX];

	/* [server] */
	char listen[128];
	char db[ANTRE_PATH_MAX];
	char admin_token[ANTRE_TOKEN_MAX];
	char admin_token_file[ANTRE_PATH_MAX];
	int admin_token_line;         /* of admin_token or admin_token_file, or 0 */

	antre_service_t services[ANTRE_MAX_SERVICES];
	int n_services;
	antre_journey_t journeys[ANTRE_MAX_JOURNEYS];
	int n_journeys;
	antre_counter_t counters[ANTRE_MAX_COUNTERS];
	int n_counters;
	antre_kiosk_t kiosks[ANTRE_MAX_KIOSKS];
	int n_kiosks;
	antre_display_t displays[ANTRE_MAX_DISPLAYS];
	int n_displays;

	/* [export]: ship the event log to a central PostgreSQL (firmware/export) */
	int export_line;              /* of [export]; 0 when the file has none */
	char export_postgres[ANTRE_TEXT_MAX];       /* libpq conninfo, without a password */
	char export_password_file[ANTRE_PATH_MAX];  /* the password, if any; "" = none */
	char export_office_id[ANTRE_ID_MAX];        /* [a-z0-9_-], unique per office */

	char path[ANTRE_PATH_MAX];    /* the file it came from, for messages */
} antre_config_t;

/* Parse len bytes of INI text: UTF-8, optionally opened by a byte-order mark, with no
 * NUL bytes. name is used in messages ("FILE:LINE: message"); base_dir anchors
 * relative paths (db, *_token_file). On success fills *cfg and returns 0. On error
 * returns -1 and writes one "FILE:LINE: message" line to err (capacity errcap); *cfg
 * is then unspecified. */
int antre_config_parse(const char *text, size_t len, const char *name, const char *base_dir,
		       antre_config_t *cfg, char *err, size_t errcap);

/* Read and parse the file at path (relative paths in it are relative to its folder). */
int antre_config_load(const char *path, antre_config_t *cfg, char *err, size_t errcap);

/* Why token (len bytes, NULs included) cannot be used, as a phrase that follows its
 * name ("is shorter than 16 characters"), or NULL when it is fine: ANTRE_TOKEN_MIN to
 * ANTRE_TOKEN_MAX - 1 bytes with no spaces, tabs or control characters. The phrase is
 * static and never quotes the token. */
const char *antre_config_token_problem(const char *token, size_t len);

/* Is every token of cfg (admin, counters, kiosks; empty ones are skipped) different
 * from the others? Returns 0 if so; otherwise -1 with one "FILE:LINE: message" line in
 * err naming both holders and where their tokens come from, never the tokens. Call it
 * again after the token files are read (antre_auth_load does). */
int antre_config_check_tokens(const antre_config_t *cfg, char *err, size_t errcap);

/* Index of the service / journey / counter with this id, or -1. */
int antre_config_service_index(const antre_config_t *cfg, const char *id);
int antre_config_journey_index(const antre_config_t *cfg, const char *id);
int antre_config_counter_index(const antre_config_t *cfg, const char *id);

/* Does counter c serve service s? */
int antre_config_counter_serves(const antre_config_t *cfg, int c, int s);

#endif
