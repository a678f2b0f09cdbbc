/* Private cupsd + TCP sink, and ippeveprinter with a D-Bus session bus. */
#include "printer_env.h"

#include <arpa/inet.h>
#include <cups/cups.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "xmalloc.h"

double env_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };
	nanosleep(&ts, NULL);
}

/* A port free a moment ago. Another program may take it before the server binds it:
 * callers retry on another port when their server exits (see wait_ready). */
static int free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&sa, &len) < 0) {
		perror("free_port");
		abort();
	}
	port = ntohs(sa.sin_port);
	close(fd);
	return port;
}

static int run(const char *cmd)
{
	int rc = system(cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Wait (bounded) until `ready` succeeds while child still runs: an answer from a
 * server that is not our child (it lost the port to another) does not count.
 * Returns 0 ready, 1 the child exited (try another port), -1 no answer in time. */
static int wait_ready(pid_t child, const char *ready, int step_ms)
{
	for (int waited = 0; waited <= 10000; waited += step_ms) {
		int status;
		if (waitpid(child, &status, WNOHANG) == child)
			return 1;
		if (run(ready) == 0)
			return waitpid(child, &status, WNOHANG) == child ? 1 : 0;
		msleep(step_ms);
	}
	return -1;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

/* Accept connections one after another; each is one job's bytes. */
static void *sink_main(void *arg)
{
	cups_env_t *e = arg;
	for (;;) {
		int c = accept(e->sink_fd, NULL, NULL);
		uint8_t buf[8192], *all = NULL;
		size_t n_all = 0;
		double last = 0;
		ssize_t n;
		if (c < 0)
			return NULL;
		while ((n = read(c, buf, sizeof(buf))) > 0) {
			all = xrealloc(all, n_all + (size_t)n);
			memcpy(all + n_all, buf, (size_t)n);
			n_all += (size_t)n;
			last = env_now_ms();
		}
		close(c);
		pthread_mutex_lock(&e->lock);
		free(e->got);
		e->got = all;
		e->got_n = n_all;
		e->last_byte_ms = last;
		if (e->jobs < 256)
			e->job_last_ms[e->jobs] = last;
		e->jobs++;
		pthread_cond_broadcast(&e->cond);
		pthread_mutex_unlock(&e->lock);
	}
}

/* cupsd on a port free a moment ago, with the config in e->dir. */
static int start_cupsd(cups_env_t *e)
{
	char path[256], text[2048];

	e->port = free_port();
	snprintf(text, sizeof(text),
		 "Listen 127.0.0.1:%d\nListen %s/run/cups.sock\nBrowsing No\n"
		 "BrowseLocalProtocols none\nWebInterface No\nDefaultAuthType None\nLogLevel warn\n"
		 "<Location />\n  Order allow,deny\n  Allow localhost\n  Allow 127.0.0.1\n</Location>\n"
		 "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n",
		 e->port, e->dir);
	snprintf(path, sizeof(path), "%s/etc/cupsd.conf", e->dir);
	write_file(path, text);
	e->cupsd = fork();
	if (e->cupsd < 0)
		return -1;
	if (e->cupsd == 0) {
		char conf[256], files[256];
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		snprintf(conf, sizeof(conf), "%s/etc/cupsd.conf", e->dir);
		snprintf(files, sizeof(files), "%s/etc/cups-files.conf", e->dir);
		execl("/usr/sbin/cupsd", "cupsd", "-f", "-c", conf, "-s", files, (char *)NULL);
		_exit(127);
	}
	return 0;
}

int cups_env_start(cups_env_t *e)
{
	char path[256], text[2048], cmd[512];
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);

	memset(e, 0, sizeof(*e));
	if (access("/usr/sbin/cupsd", X_OK) != 0 || geteuid() != 0) {
		fprintf(stderr, "skipped: needs /usr/sbin/cupsd and root\n");
		return 77;
	}
	snprintf(e->dir, sizeof(e->dir), "/tmp/antre-cups-XXXXXX");
	if (mkdtemp(e->dir) == NULL)
		return -1;
	chmod(e->dir, 0755);
	pthread_mutex_init(&e->lock, NULL);
	antre_cond_init_monotonic(&e->cond);
	for (const char *sub = "etc\0spool\0spool/tmp\0run\0cache\0log\0"; *sub; sub += strlen(sub) + 1) {
		snprintf(path, sizeof(path), "%s/%s", e->dir, sub);
		mkdir(path, 0755);
	}
	snprintf(text, sizeof(text),
		 "ServerRoot %s/etc\nRequestRoot %s/spool\nTempDir %s/spool/tmp\nStateDir %s/run\n"
		 "CacheDir %s/cache\nAccessLog %s/log/access_log\nErrorLog %s/log/error_log\n"
		 "PageLog %s/log/page_log\n",
		 e->dir, e->dir, e->dir, e->dir, e->dir, e->dir, e->dir, e->dir);
	snprintf(path, sizeof(path), "%s/etc/cups-files.conf", e->dir);
	write_file(path, text);
	for (int try = 0;; try++) {
		int rc;
		if (start_cupsd(e) < 0)
			return -1;
		snprintf(cmd, sizeof(cmd), "lpstat -h 127.0.0.1:%d -r >/dev/null 2>&1", e->port);
		rc = wait_ready(e->cupsd, cmd, 20);
		if (rc == 0)
			break;
		if (rc < 0) {   /* still running but silent: not ours to keep */
			kill(e->cupsd, SIGKILL);
			waitpid(e->cupsd, NULL, 0);
		}
		e->cupsd = 0;   /* an exited one was reaped by wait_ready */
		if (rc < 0 || try == 2) {
			fprintf(stderr, "cupsd did not start (see %s/log/error_log)\n", e->dir);
			return -1;
		}
	}

	e->sink_fd = socket(AF_INET, SOCK_STREAM, 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(e->sink_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(e->sink_fd, 4) < 0)
		return -1;
	getsockname(e->sink_fd, (struct sockaddr *)&sa, &len);
	pthread_create(&e->sink, NULL, sink_main, e);
	e->sink_port = ntohs(sa.sin_port);

	snprintf(cmd, sizeof(cmd), "lpadmin -h 127.0.0.1:%d -p ticket -E -v socket://127.0.0.1:%d",
		 e->port, e->sink_port);
	/* right after it answers lpstat, cupsd may still refuse lpadmin for a moment */
	for (int waited = 0; run(cmd) != 0; waited += 50) {
		if (waited > 10000) {
			fprintf(stderr, "lpadmin failed\n");
			return -1;
		}
		msleep(50);
	}
	snprintf(text, sizeof(text), "127.0.0.1:%d", e->port);
	cupsSetServer(text);   /* cups:ticket now means this scheduler */
	setenv("CUPS_SERVER", text, 1);
	return 0;
}

void cups_env_stop(cups_env_t *e)
{
	char cmd[128];
	if (e->cupsd > 0) {
		kill(e->cupsd, SIGTERM);
		waitpid(e->cupsd, NULL, 0);
	}
	if (e->sink_port > 0) {   /* set once the sink thread runs */
		shutdown(e->sink_fd, SHUT_RDWR);
		close(e->sink_fd);
		pthread_join(e->sink, NULL);
	}
	free(e->got);
	if (e->dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
		run(cmd);
	}
}

int cups_env_wait_jobs(cups_env_t *e, int jobs, int timeout_ms)
{
	struct timespec deadline;
	int ok;
	antre_deadline_in(&deadline, timeout_ms);
	pthread_mutex_lock(&e->lock);
	while (e->jobs < jobs && pthread_cond_timedwait(&e->cond, &e->lock, &deadline) == 0)
		;
	ok = e->jobs >= jobs;
	pthread_mutex_unlock(&e->lock);
	return ok ? 0 : -1;
}

/* ippeveprinter on a port free a moment ago, its Avahi client on the bus. */
static int start_ippeveprinter(ipp_env_t *e, const char *bus)
{
	e->port = free_port();
	snprintf(e->uri, sizeof(e->uri), "ipp://localhost:%d/ipp/print", e->port);
	e->ipp = fork();
	if (e->ipp < 0)
		return -1;
	if (e->ipp == 0) {
		char port[16], spool[128], device[160];
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		dup2(fd, 2);
		setenv("DBUS_SYSTEM_BUS_ADDRESS", bus, 1);
		snprintf(port, sizeof(port), "%d", e->port);
		snprintf(spool, sizeof(spool), "%s/spool", e->dir);
		snprintf(device, sizeof(device), "file://%s/out", e->dir);
		execl("/usr/sbin/ippeveprinter", "ippeveprinter", "-p", port, "-n", "localhost", "-r",
		      "off", "-k", "-c", "/bin/cat", "-d", spool, "-D", device, "-f",
		      "application/vnd.cups-raw,application/vnd.escpos", "-F",
		      "application/vnd.cups-raw", "Ticket", (char *)NULL);
		_exit(127);
	}
	return 0;
}

int ipp_env_start(ipp_env_t *e)
{
	char path[256], bus[200], cmd[256];

	memset(e, 0, sizeof(*e));
	if (access("/usr/sbin/ippeveprinter", X_OK) != 0 || access("/usr/bin/dbus-daemon", X_OK) != 0) {
		fprintf(stderr, "skipped: needs ippeveprinter and dbus-daemon\n");
		return 77;
	}
	snprintf(e->dir, sizeof(e->dir), "/tmp/antre-ipp-XXXXXX");
	if (mkdtemp(e->dir) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/spool", e->dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/out", e->dir);
	mkdir(path, 0755);
	snprintf(bus, sizeof(bus), "unix:path=%s/bus", e->dir);
	e->dbus = fork();
	if (e->dbus == 0) {
		char addr[300];
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		dup2(null, 2);
		snprintf(addr, sizeof(addr), "--address=%s", bus);
		execl("/usr/bin/dbus-daemon", "dbus-daemon", "--session", addr, "--nofork",
		      (char *)NULL);
		_exit(127);
	}
	snprintf(path, sizeof(path), "%s/bus", e->dir);
	for (int waited = 0; access(path, F_OK) != 0; waited += 10) {
		if (waited > 5000)
			return -1;
		msleep(10);
	}
	for (int try = 0;; try++) {
		int rc;
		if (start_ippeveprinter(e, bus) < 0)
			return -1;
		snprintf(cmd, sizeof(cmd), "ipptool -q -T 2 %s get-printer-attributes.test 2>/dev/null",
			 e->uri);
		rc = wait_ready(e->ipp, cmd, 20);
		if (rc == 0)
			break;
		if (rc < 0) {
			kill(e->ipp, SIGKILL);
			waitpid(e->ipp, NULL, 0);
		}
		e->ipp = 0;
		if (rc < 0 || try == 2) {
			fprintf(stderr, "ippeveprinter did not start\n");
			return -1;
		}
	}
	return 0;
}

void ipp_env_stop(ipp_env_t *e)
{
	char cmd[128];
	if (e->ipp > 0) {
		kill(e->ipp, SIGTERM);
		waitpid(e->ipp, NULL, 0);
	}
	if (e->dbus > 0) {
		kill(e->dbus, SIGTERM);
		waitpid(e->dbus, NULL, 0);
	}
	if (e->dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", e->dir);
		run(cmd);
	}
}

int ipp_env_set_paper(ipp_env_t *e, int level)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
		 "curl -s -o /dev/null 'http://localhost:%d/media?size1=na_letter_8.5x11in&"
		 "type1=stationery&size3=na_letter_8.5x11in&type3=stationery&level1=%d&level3=%d'",
		 e->port, level, level);
	return run(cmd) == 0 ? 0 : -1;
}

int ipp_env_outputs(ipp_env_t *e)
{
	char path[128];
	DIR *d;
	struct dirent *de;
	int n = 0;
	snprintf(path, sizeof(path), "%s/out", e->dir);
	d = opendir(path);
	while (d && (de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	if (d)
		closedir(d);
	return n;
}
