/* The ceiling reference of scripts/bench-vs-gin: the least a server can do on this machine.
 * Two event-loop threads (epoll, one SO_REUSEPORT listener each), no HTTP parsing: every
 * "\r\n\r\n" received is answered with the same fixed 5-byte reply. Not a server to use. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

static const char reply[] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
static int port;

static int listener(void) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr*)&a, sizeof a) || listen(fd, 1024)) {
    perror("bind/listen");
    exit(1);
  }
  socklen_t len = sizeof a;
  getsockname(fd, (struct sockaddr*)&a, &len);
  port = ntohs(a.sin_port);
  return fd;
}

struct conn {
  int fd;
  int matched; /* how much of "\r\n\r\n" the stream has ended with */
};

static void* loop(void* arg) {
  int lfd = (int)(long)arg, ep = epoll_create1(0);
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL};
  epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
  struct epoll_event events[256];
  char buf[16384], out[sizeof reply * 64];
  for (;;) {
    int n = epoll_wait(ep, events, 256, -1);
    for (int i = 0; i < n; ++i) {
      struct conn* c = events[i].data.ptr;
      if (!c) {
        int fd;
        while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
          int one = 1;
          setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          struct conn* nc = calloc(1, sizeof *nc);
          nc->fd = fd;
          struct epoll_event cev = {.events = EPOLLIN, .data.ptr = nc};
          epoll_ctl(ep, EPOLL_CTL_ADD, fd, &cev);
        }
        continue;
      }
      ssize_t r = read(c->fd, buf, sizeof buf);
      if (r <= 0) {
        close(c->fd);
        free(c);
        continue;
      }
      int answers = 0;
      for (ssize_t k = 0; k < r; ++k) {
        char want = "\r\n\r\n"[c->matched];
        c->matched = buf[k] == want ? c->matched + 1 : (buf[k] == '\r' ? 1 : 0);
        if (c->matched == 4) {
          c->matched = 0;
          ++answers;
        }
      }
      size_t len = 0;
      for (int k = 0; k < answers && k < 64; ++k) {
        memcpy(out + len, reply, sizeof reply - 1);
        len += sizeof reply - 1;
      }
      if (len && write(c->fd, out, len) < 0) {
        close(c->fd);
        free(c);
      }
    }
  }
  return NULL;
}

int main(void) {
  int a = listener(), b = listener();
  printf("listening on http://127.0.0.1:%d\n", port);
  fflush(stdout);
  pthread_t t;
  pthread_create(&t, NULL, loop, (void*)(long)b);
  loop((void*)(long)a);
  return 0;
}
