/* keeper: a small process that ends the run when stallsup itself is killed.
 *
 * A worker's leader dies with stallsup (parent-death SIGKILL), but its own
 * children and the daemons it detached do not. So at start stallsup forks a
 * keeper: in a session of its own (job-control signals to stallsup's group
 * miss it), ignoring every catchable signal, holding nothing but a socket to
 * stallsup, the run's cgroup directory (and its flock, which tells later runs
 * that the directory is still owned) and standard error. It blocks reading
 * the socket. When stallsup ends normally it says so and the keeper exits
 * without touching anything. When the socket reaches end of file without
 * that, stallsup died (by SIGKILL or a crash), and the keeper:
 *   - with cgroups, writes the run directory's cgroup.kill (recursive over
 *     every worker's cgroup and what they nested below), waits until it is
 *     empty and removes the directories depth-first;
 *   - with process groups, SIGKILLs every worker process group still
 *     registered (stallsup registers a group when the worker starts and
 *     forgets it once the worker is reaped, so a freed group id is never
 *     signalled);
 * says on standard error what it did, and exits. */
#ifndef STALLSUP_KEEPER_H
#define STALLSUP_KEEPER_H

#include <sys/types.h>

#include "cgroup.h"

struct keeper {
	pid_t pid;   /* the keeper, or 0 when not running */
	int pidfd;   /* pidfd of the keeper (it is our child), or -1 */
	int sock;    /* our end of the socket, or -1 */
};

/* Start the keeper for stallsup self; cg (the run's cgroup directory, or
 * NULL with process groups) is what it cleans up. Returns 0 or -errno. */
int keeper_start(struct keeper *k, pid_t self, const struct cgroup_set *cg);
/* Ask the keeper to SIGKILL process group pgid if stallsup dies; 0 or -errno. */
int keeper_watch_group(struct keeper *k, pid_t pgid);
/* The group pgid is gone (its leader was reaped): forget it; 0 or -errno. */
int keeper_forget_group(struct keeper *k, pid_t pgid);
/* The run ended normally: tell the keeper to exit and reap it. */
void keeper_stop(struct keeper *k);
/* True when pid is the keeper (not a stray child to reap or end). */
int keeper_is(const struct keeper *k, pid_t pid);

#endif
