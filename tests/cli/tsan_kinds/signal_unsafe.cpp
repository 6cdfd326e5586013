// A signal handler that calls malloc.
#include <csignal>
#include <cstdlib>
volatile void* sink;
void handler(int) {
  sink = std::malloc(16); // USER-LINE
}
int main() {
  std::signal(SIGUSR1, handler);
  std::raise(SIGUSR1);
  std::free(const_cast<void*>(sink));
}
