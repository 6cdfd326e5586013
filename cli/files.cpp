#include "files.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace racelab {

bool file_exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool is_directory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string read_file(const std::string& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  if (ok)
    *ok = static_cast<bool>(in);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> list_dir(const std::string& dir) {
  std::vector<std::string> out;
  if (DIR* d = opendir(dir.c_str())) {
    while (dirent* e = readdir(d))
      if (e->d_name[0] != '.')
        out.emplace_back(e->d_name);
    closedir(d);
  }
  // readdir's order is the file system's: sorting makes every listing and report reproducible.
  std::sort(out.begin(), out.end());
  return out;
}

void find_files(const std::string& dir, const std::function<bool(const std::string&)>& wanted,
                std::vector<std::string>& out) {
  for (const std::string& name : list_dir(dir)) {
    std::string path = dir + "/" + name;
    if (is_directory(path))
      find_files(path, wanted, out);
    else if (wanted(path))
      out.push_back(path);
  }
}

std::string current_directory() {
  char buf[PATH_MAX];
  return getcwd(buf, sizeof buf) ? std::string(buf) : std::string();
}

std::string parent_directory(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos)
    return ".";
  return slash == 0 ? std::string("/") : path.substr(0, slash);
}

std::string real_path(const std::string& path) {
  char buf[PATH_MAX];
  return realpath(path.c_str(), buf) ? std::string(buf) : path;
}

std::string absolute_path(const std::string& path) {
  if (!path.empty() && path[0] == '/')
    return path;
  std::string cwd = current_directory();
  return (cwd.empty() ? std::string(".") : cwd) + "/" + path;
}

} // namespace racelab
