// A thread locks a mutex that main holds. A real lock would block forever, so the locks are
// announced through TSan's annotations, as compiler-rt's own tests do.
#include <pthread.h>
extern "C" void AnnotateRWLockAcquired(const char* file, int line, void* lock, long is_w);
void* other(void* m) {
  AnnotateRWLockAcquired(__FILE__, __LINE__, m, 1); // USER-LINE
  return nullptr;
}
int main() {
  static int m;
  AnnotateRWLockAcquired(__FILE__, __LINE__, &m, 1);
  pthread_t t;
  pthread_create(&t, nullptr, other, &m);
  pthread_join(t, nullptr);
}
