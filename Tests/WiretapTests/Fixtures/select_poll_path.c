/* poll and select on one descriptor of /etc/hostname: -P selects both by the descriptors they name. */
#include <poll.h>
#include <fcntl.h>
#include <sys/select.h>
#include <unistd.h>
int main(void){int fd=open("/etc/hostname",O_RDONLY); struct pollfd p={fd,POLLIN,0}; poll(&p,1,0); fd_set r; FD_ZERO(&r); FD_SET(fd,&r); struct timeval tv={0,0}; select(fd+1,&r,0,0,&tv); close(fd); return 0;}
