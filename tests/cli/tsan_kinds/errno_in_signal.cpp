// A signal handler that changes errno, delivered while main runs (not synchronously).
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <pthread.h>
#include <sched.h>
std::atomic<bool> handled{false};
pthread_t main_thread;
void handler(int) { // USER-LINE: TSan names the handler
  errno = 1;
  handled = true;
}
void* send_signal(void*) {
  pthread_kill(main_thread, SIGUSR1);
  return nullptr;
}
int main() {
  main_thread = pthread_self();
  std::signal(SIGUSR1, handler);
  pthread_t t;
  pthread_create(&t, nullptr, send_signal, nullptr);
  // Calls into the runtime, where it delivers the pending signal.
  while (!handled) {
    volatile char* p = static_cast<char*>(std::malloc(1));
    p[0] = 0;
    std::free(const_cast<char*>(p));
    sched_yield();
  }
  pthread_join(t, nullptr);
}
