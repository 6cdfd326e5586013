// A library object used from two threads, declared to TSan through its external-object API.
#include "order.h"
extern "C" {
void* __tsan_external_register_tag(const char* object_type);
void __tsan_external_read(void* addr, void* caller_pc, void* tag);
void __tsan_external_write(void* addr, void* caller_pc, void* tag);
}
static char queue[16]; // stands for a library's object
void* tag = __tsan_external_register_tag("MyLibrary::Queue");
void queue_push() {
  __tsan_external_write(queue, __builtin_return_address(0), tag); // USER-LINE
}
void queue_size() {
  __tsan_external_read(queue, __builtin_return_address(0), tag); // USER-LINE
}
int main() {
  Later pushed;
  std::thread producer([&] {
    queue_push();
    pushed.done();
  });
  pushed.wait();
  queue_size();
  producer.join();
}
