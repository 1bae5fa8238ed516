/* procfix: walk the captured /proc fixture trees for the parser tests. */
#ifndef STALLSUP_T_PROCFIX_H
#define STALLSUP_T_PROCFIX_H

#include <stddef.h>
#include <sys/types.h>

/* Open the fixture directory t/data/<rel> as a proc root dirfd; bails on error. */
int procfix_root(const char *rel);
/* Open directory path (a scratch tree) as a proc root dirfd; bails on error. */
int procfix_root_abs(const char *path);

/* A parser under test, seen through one signature: returns 0 or -errno. */
typedef int (*procfix_parser)(const char *text, size_t len);

/* Read the fixture at rel (under t/data) into a malloc'd buffer of exactly
 * its size; *len gets the size. Bails on error. */
char *procfix_slurp(const char *rel, size_t *len);
/* Parse every file called name under t/data/proc/live-*, one ok() each
 * (the parser must return 0); returns how many files were found. */
unsigned procfix_parse_all(const char *name, procfix_parser parse);
/* Run parse over every prefix (0..len bytes) of each live file called name,
 * each on a malloc'd copy of exactly that many bytes, so an over-read shows
 * under valgrind or ASan; one ok() per file: every result is 0, -ENOENT,
 * -EINVAL or -ERANGE. Returns how many files were found. */
unsigned procfix_parse_prefixes(const char *name, procfix_parser parse);

/* Make a cgroup v2 directory called name at the top of the v2 hierarchy
 * (found in /proc/self/mountinfo) and put its path in path; returns 0 or
 * -errno (not root, no cgroup v2). The caller removes it. */
int procfix_cgroup2_make(const char *name, char *path, size_t size);
/* Move process pid into the cgroup v2 directory path; returns 0 or -errno. */
int procfix_cgroup2_move(const char *path, pid_t pid);

#endif
