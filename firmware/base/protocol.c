/* The protocol table's names, generated from protocol.h so they cannot drift. */
#include "protocol.h"

#include <string.h>

#define N_(a) ((int)(sizeof(a) / sizeof((a)[0])))

#define EV_NAME_(e, name, flags, ts, cs) name,
#define EV_FLAGS_(e, name, flags, ts, cs) flags,
#define EV_TS_(e, name, flags, ts, cs) ts,
#define EV_CS_(e, name, flags, ts, cs) cs,
static const char *const event_names[] = { ANTRE_EVENT_TABLE(EV_NAME_) };
static const int event_flags[] = { ANTRE_EVENT_TABLE(EV_FLAGS_) };
static const int event_ticket_states[] = { ANTRE_EVENT_TABLE(EV_TS_) };
static const int event_counter_states[] = { ANTRE_EVENT_TABLE(EV_CS_) };
_Static_assert(N_(event_names) == ANTRE_EV__COUNT, "one name per event type");
_Static_assert(N_(event_flags) == ANTRE_EV__COUNT, "one flag set per event type");
_Static_assert(N_(event_ticket_states) == ANTRE_EV__COUNT, "one ticket state per event type");
_Static_assert(N_(event_counter_states) == ANTRE_EV__COUNT, "one counter state per event type");

#define ACT_NAME_(e, name, arg, help) name,
#define ACT_ARG_(e, name, arg, help) arg,
#define ACT_HELP_(e, name, arg, help) help,
static const char *const action_names[] = { ANTRE_ACTION_TABLE(ACT_NAME_) };
static const int action_args[] = { ANTRE_ACTION_TABLE(ACT_ARG_) };
static const char *const action_helps[] = { ANTRE_ACTION_TABLE(ACT_HELP_) };
_Static_assert(N_(action_names) == ANTRE_ACT__COUNT, "one name per action");
_Static_assert(N_(action_args) == ANTRE_ACT__COUNT, "one argument kind per action");
_Static_assert(N_(action_helps) == ANTRE_ACT__COUNT, "one help line per action");

#define STATE_NAME_(e, name) name,
static const char *const ticket_states[] = { ANTRE_TICKET_STATE_TABLE(STATE_NAME_) };
static const char *const counter_states[] = { ANTRE_COUNTER_STATE_TABLE(STATE_NAME_) };
_Static_assert(N_(ticket_states) == ANTRE_TS__COUNT, "one name per ticket state");
_Static_assert(N_(counter_states) == ANTRE_CS__COUNT, "one name per counter state");
static const char *const service_statuses[] = { ANTRE_SERVICE_STATUS_TABLE(STATE_NAME_) };
_Static_assert(N_(service_statuses) == ANTRE_SS__COUNT, "one name per service status");

static const char *name_of(const char *const *names, int n, int v)
{
	return v >= 0 && v < n ? names[v] : "unknown";
}

static int parse(const char *const *names, int n, const char *name)
{
	for (int i = 0; name != NULL && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const char *antre_event_type_name(antre_event_type_t t)
{
	return name_of(event_names, ANTRE_EV__COUNT, (int)t);
}

int antre_event_type_parse(const char *name)
{
	return parse(event_names, ANTRE_EV__COUNT, name);
}

int antre_event_type_flags(antre_event_type_t t)
{
	return (unsigned)t < ANTRE_EV__COUNT ? event_flags[t] : 0;
}

int antre_event_ticket_state(antre_event_type_t t, int has_next)
{
	int s = (unsigned)t < ANTRE_EV__COUNT ? event_ticket_states[t] : -1;
	return s == ANTRE_TS_DONE && has_next ? ANTRE_TS_WAITING : s;
}

int antre_event_counter_state(antre_event_type_t t)
{
	return (unsigned)t < ANTRE_EV__COUNT ? event_counter_states[t] : -1;
}

const char *antre_action_name(antre_action_t a)
{
	return name_of(action_names, ANTRE_ACT__COUNT, (int)a);
}

int antre_action_parse(const char *name)
{
	return parse(action_names, ANTRE_ACT__COUNT, name);
}

int antre_action_arg(antre_action_t a)
{
	return (unsigned)a < ANTRE_ACT__COUNT ? action_args[a] : ANTRE_ARG_NONE;
}

const char *antre_action_help(antre_action_t a)
{
	return name_of(action_helps, ANTRE_ACT__COUNT, (int)a);
}

const char *antre_ticket_state_name(antre_ticket_state_t s)
{
	return name_of(ticket_states, ANTRE_TS__COUNT, (int)s);
}

int antre_ticket_state_parse(const char *name)
{
	return parse(ticket_states, ANTRE_TS__COUNT, name);
}

const char *antre_counter_state_name(antre_counter_state_t s)
{
	return name_of(counter_states, ANTRE_CS__COUNT, (int)s);
}

int antre_counter_state_parse(const char *name)
{
	return parse(counter_states, ANTRE_CS__COUNT, name);
}

const char *antre_service_status_name(antre_service_status_t s)
{
	return name_of(service_statuses, ANTRE_SS__COUNT, (int)s);
}

int antre_service_status_parse(const char *name)
{
	return parse(service_statuses, ANTRE_SS__COUNT, name);
}
