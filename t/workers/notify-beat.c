/* notify-beat: a worker that speaks systemd's notify protocol with plain
 * sockets, as sd_notify(3) does, to the NOTIFY_SOCKET stallsup gives it.
 *   notify-beat env FILE       write NOTIFY_SOCKET, WATCHDOG_USEC, WATCHDOG_PID
 *                              and getpid() to FILE, then exit 0
 *   notify-beat beat N         READY=1, STATUS=, then WATCHDOG=1 every quarter
 *                              period for N seconds; then STATUS=quiet and no
 *                              more heartbeats, pause() (to be killed)
 *   notify-beat healthy N      the same, but exit 0 after the N seconds
 *   notify-beat trigger        STATUS=, WATCHDOG=trigger, pause()
 *   notify-beat usec N         WATCHDOG_USEC=60000000 (a minute), sleep N s, exit 0
 *   notify-beat garbage N      malformed messages, then as healthy N
 *   notify-beat send MSG       send MSG once (used outside stallsup), exit 0 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* Send len bytes of msg to NOTIFY_SOCKET; exits 2 when there is none. */
static void send_n(const char *msg, size_t len)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	size_t plen;
	int fd;

	if (path == NULL || (plen = strlen(path)) == 0 || plen >= sizeof(sa.sun_path))
		exit(2);
	memcpy(sa.sun_path, path, plen);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = '\0';
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || sendto(fd, msg, len, 0, (struct sockaddr *)&sa,
			     (socklen_t)(offsetof(struct sockaddr_un, sun_path) + plen)) < 0) {
		perror("notify-beat: sendto");
		exit(3);
	}
	close(fd);
}

/* Send the string msg. */
static void say(const char *msg)
{
	send_n(msg, strlen(msg));
}

/* The period in microseconds, from WATCHDOG_USEC (exits 2 when unset). */
static long long period_us(void)
{
	const char *v = getenv("WATCHDOG_USEC");

	if (v == NULL || atoll(v) <= 0)
		exit(2);
	return atoll(v);
}

/* Beat every quarter period for secs seconds of wall time. */
static void beat_for(double secs)
{
	long long quarter = period_us() / 4;
	struct timespec ts, end;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += (time_t)secs;
	say("READY=1\nSTATUS=beating");
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		if (ts.tv_sec > end.tv_sec || (ts.tv_sec == end.tv_sec && ts.tv_nsec >= end.tv_nsec))
			return;
		say("WATCHDOG=1");
		usleep((useconds_t)(quarter > 100000 ? 100000 : quarter));
	}
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	double n = argc > 2 ? atof(argv[2]) : 1;

	if (strcmp(mode, "env") == 0 && argc > 2) {
		FILE *f = fopen(argv[2], "w");
		const char *s = getenv("NOTIFY_SOCKET"), *u = getenv("WATCHDOG_USEC"),
			   *p = getenv("WATCHDOG_PID");

		if (f == NULL)
			return 1;
		fprintf(f, "%s %s %s %d\n", s ? s : "-", u ? u : "-", p ? p : "-", (int)getpid());
		return fclose(f) == 0 ? 0 : 1;
	}
	if (strcmp(mode, "send") == 0 && argc > 2) {
		say(argv[2]);
		return 0;
	}
	if (strcmp(mode, "trigger") == 0) {
		say("STATUS=about to trigger");
		say("WATCHDOG=trigger");
		pause();
		return 0;
	}
	if (strcmp(mode, "usec") == 0) {
		say("WATCHDOG_USEC=60000000\nSTATUS=a minute now");
		sleep((unsigned)n);
		return 0;
	}
	if (strcmp(mode, "garbage") == 0) {
		char big[5000];

		memset(big, 'x', sizeof(big));
		send_n("STATUS=a\0b", 10);    /* a NUL: refused whole */
		send_n(big, sizeof(big));      /* too long */
		say("WATCHDOG=2\nSTATUS=odd"); /* a bad value */
		say("no equals sign");
		beat_for(n);
		return 0;
	}
	if (strcmp(mode, "beat") == 0 || strcmp(mode, "healthy") == 0) {
		beat_for(n);
		if (strcmp(mode, "healthy") == 0)
			return 0;
		say("STATUS=quiet now");
		pause();
		return 0;
	}
	fprintf(stderr, "usage: notify-beat env FILE|beat N|healthy N|trigger|usec N|garbage N|send MSG\n");
	return 2;
}
