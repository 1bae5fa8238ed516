## Supervisor: option parsing, spawning, event loop, exit status.
src_stallsup_SOURCES += src/stallsup.c
