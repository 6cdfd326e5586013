// Files and directories: reading them, and the one directory walk that finds both the samples and
// the sources to lint.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace racelab {

bool file_exists(const std::string& path);
bool is_directory(const std::string& path);
std::string read_file(const std::string& path, bool* ok = nullptr);

/// The entries of `dir` in name order, without hidden ones ("." first); none when unreadable.
std::vector<std::string> list_dir(const std::string& dir);

/// Appends to `out` every file under `dir`, recursively and in name order, that `wanted` accepts.
void find_files(const std::string& dir, const std::function<bool(const std::string&)>& wanted,
                std::vector<std::string>& out);

/// The current directory; "" when it cannot be known.
std::string current_directory();

/// "/a/b" for "/a/b/c"; "/" for "/c".
std::string parent_directory(const std::string& path);

/// The canonical absolute path (symlinks and ".." resolved); `path` unchanged when it does not
/// exist.
std::string real_path(const std::string& path);

/// `path` itself when absolute, else against the current directory.
std::string absolute_path(const std::string& path);

} // namespace racelab
