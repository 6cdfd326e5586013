// A mutex destroyed while locked.
#include <pthread.h>
int main() {
  pthread_mutex_t m;
  pthread_mutex_init(&m, nullptr);
  pthread_mutex_lock(&m);    // USER-LINE
  pthread_mutex_destroy(&m); // USER-LINE
}
