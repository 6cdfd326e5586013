// A plain data race on a global: the reader runs after the writer, unordered.
#include "order.h"
#include <cstdio>
int shared_value = 0;
int main() {
  Later written;
  std::thread writer([&] {
    shared_value = 42; // USER-LINE
    written.done();
  });
  written.wait();
  std::printf("read %d\n", shared_value); // USER-LINE
  writer.join();
}
