/* firmware/export's pure part: what a log line may show of the centre's conninfo. The
 * export itself is tested against a real PostgreSQL in export_central.sh. */
#include "export.h"
#include "test.h"

TEST(redacted_conninfo_keeps_where_not_secrets)
{
	char out[ANTRE_TEXT_MAX];

	antre_export_redact("host=10.0.0.5 port=5433 dbname=central user=office sslmode=require "
			    "sslkey=/etc/k application_name=x", out, sizeof(out));
	ASSERT_EQ_STR(out, "user=office dbname=central host=10.0.0.5 port=5433");
	antre_export_redact("postgresql://office@central.example:6432/antre?sslmode=require", out,
			    sizeof(out));
	ASSERT_EQ_STR(out, "user=office dbname=antre host=central.example port=6432");
	antre_export_redact("host='unterminated", out, sizeof(out));
	ASSERT_EQ_STR(out, "(a conninfo libpq cannot read)");
}

TEST(no_exporter_no_status)
{
	antre_export_status_t st;
	ASSERT_EQ_INT(antre_export_status_now(&st), -1);
}

int main(int argc, char **argv)
{
	static const test_case_t cases[] = {
		TEST_CASE(redacted_conninfo_keeps_where_not_secrets),
		TEST_CASE(no_exporter_no_status),
		{ NULL, NULL },
	};
	return test_main(argc, argv, cases);
}
