// A race between an atomic write and a plain read of the same memory.
#include "order.h"
#include <cstdio>
long value = 0;
int main() {
  Later written;
  std::thread writer([&] {
    __atomic_store_n(&value, 7, __ATOMIC_RELAXED); // USER-LINE
    written.done();
  });
  written.wait();
  std::printf("read %ld\n", value); // USER-LINE
  writer.join();
}
