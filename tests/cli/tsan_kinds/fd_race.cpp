// One thread writes to a pipe while another closes it: a race on the file descriptor.
#include "order.h"
#include <unistd.h>
int main() {
  int fds[2];
  if (pipe(fds) != 0)
    return 1;
  Later written;
  std::thread writer([&] {
    (void)!write(fds[1], "x", 1); // USER-LINE
    written.done();
  });
  written.wait();
  close(fds[1]); // USER-LINE
  writer.join();
  close(fds[0]);
}
