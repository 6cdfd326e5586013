// One thread frees memory, another reads it afterwards without synchronisation.
#include "order.h"
#include <cstdio>
int main() {
  int* p = new int(5);
  Later freed;
  std::thread owner([&] {
    delete p; // USER-LINE
    freed.done();
  });
  freed.wait();
  std::printf("read %d\n", *p); // USER-LINE
  owner.join();
}
