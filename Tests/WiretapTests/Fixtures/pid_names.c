// A forked child calls getppid, renames itself (PR_SET_NAME "renamed") and calls getppid again; the parent waits,
// calls getpid, renames itself "parent2" and calls getpid again. For -Y: names as they change.
#include <sys/prctl.h>
#include <unistd.h>
#include <sys/wait.h>
int main(void){ pid_t p=fork(); if(p==0){ getppid(); prctl(PR_SET_NAME,"renamed"); getppid(); _exit(0);} int s; waitpid(p,&s,0); getpid(); prctl(PR_SET_NAME,"parent2"); getpid(); return 0; }
