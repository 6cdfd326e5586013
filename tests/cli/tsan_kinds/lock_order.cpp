// Two mutexes locked in opposite orders by two threads (one after the other: no hang).
#include <mutex>
#include <thread>
std::mutex a, b;
int main() {
  std::thread t1([] {
    std::lock_guard la(a);
    std::lock_guard lb(b); // USER-LINE
  });
  t1.join();
  std::thread t2([] {
    std::lock_guard lb(b);
    std::lock_guard la(a); // USER-LINE
  });
  t2.join();
}
