// A reader-writer lock read-locked while write-locked. glibc refuses the second lock of the same
// thread (EDEADLK) before TSan sees it, so the locks are announced through TSan's annotations,
// as compiler-rt's own tests do.
extern "C" void AnnotateRWLockAcquired(const char* file, int line, void* lock, long is_w);
int main() {
  static int rw;
  AnnotateRWLockAcquired(__FILE__, __LINE__, &rw, 1);
  AnnotateRWLockAcquired(__FILE__, __LINE__, &rw, 0); // USER-LINE
}
