// For -k (StackTraceTests): a child writes and exits from child(), the parent
// waits (SIGCHLD), fails an open, writes, and execs /bin/true (the execve's
// stack is the old program's).
#include <unistd.h>
#include <sys/wait.h>
#include <stdlib.h>
#include <fcntl.h>
__attribute__((noinline)) void child(void){ write(1,"c\n",2); _exit(0);}
int main(){ pid_t p=fork(); if(p==0) child(); int st; waitpid(p,&st,0); open("/nonexistent",O_RDONLY); write(1,"p\n",2); char*a[]={"/bin/true",0}; execv("/bin/true",a); return 0;}
