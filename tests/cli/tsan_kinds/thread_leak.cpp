// A thread that is never joined nor detached.
#include <pthread.h>
#include <unistd.h>
void* work(void*) {
  return nullptr;
}
int main() {
  pthread_t t;
  pthread_create(&t, nullptr, work, nullptr); // USER-LINE
  usleep(100 * 1000); // let it finish: a finished, unjoined thread is a leak
  return 0;
}
