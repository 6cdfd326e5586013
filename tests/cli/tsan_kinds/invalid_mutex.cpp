// A mutex locked after it was destroyed (glibc then answers EINVAL).
#include <pthread.h>
int main() {
  pthread_mutex_t m;
  pthread_mutex_init(&m, nullptr);
  pthread_mutex_destroy(&m);
  pthread_mutex_lock(&m); // USER-LINE
}
