// A mutex unlocked that no thread locked.
#include <pthread.h>
int main() {
  pthread_mutex_t m;
  pthread_mutex_init(&m, nullptr);
  pthread_mutex_unlock(&m); // USER-LINE
  pthread_mutex_destroy(&m);
}
