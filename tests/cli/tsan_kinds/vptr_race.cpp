// A virtual call racing with the destructor, which rewrites the object's vptr.
#include "order.h"
#include <cstdio>
#include <new>
struct Base {
  virtual ~Base() { std::puts("~Base"); } // USER-LINE
  virtual int f() { return 1; }
};
struct Derived : Base {
  int f() override { return 2; }
};
int main() {
  // Static storage, not the heap: TSan then reports the vptr write, not a use after free.
  alignas(Derived) static unsigned char storage[sizeof(Derived)];
  Base* obj = new (storage) Derived;
  Later called;
  std::thread user([&] {
    std::printf("f() = %d\n", obj->f()); // USER-LINE
    called.done();
  });
  called.wait();
  obj->~Base();
  user.join();
}
