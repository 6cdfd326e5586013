#include "changed.h"

#include "files.h"
#include "process.h"
#include "text.h"
#include "worker_pool.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace racelab {

namespace {

struct CompileCommand {
  std::string directory;
  std::vector<std::string> argv;
};

// A compile database's "command" as the shell would split it: quotes and backslashes.
std::vector<std::string> split_command(const std::string& command) {
  std::vector<std::string> out;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (quote) {
      if (c == quote)
        quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < command.size())
        cur += command[++i];
      else
        cur += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < command.size()) {
      cur += command[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word)
        out.push_back(std::exchange(cur, {}));
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (in_word)
    out.push_back(cur);
  return out;
}

// The compile command of each file of the database (absolute, canonical path -> command).
std::map<std::string, CompileCommand> read_commands(const std::string& build_dir) {
  std::map<std::string, CompileCommand> out;
  auto j = nlohmann::json::parse(read_file(build_dir + "/compile_commands.json"), nullptr, false);
  if (j.is_discarded() || !j.is_array())
    return out;
  for (const auto& e : j) {
    CompileCommand c{e.value("directory", ""), {}};
    if (e.contains("arguments"))
      c.argv = e["arguments"].get<std::vector<std::string>>();
    else
      c.argv = split_command(e.value("command", ""));
    std::string f = e.value("file", "");
    if (!f.empty() && f[0] != '/')
      f = c.directory + "/" + f;
    out.emplace(real_path(f), std::move(c));
  }
  return out;
}

// The command that prints the TU's dependencies (make's format) instead of compiling it: the
// output and the build's own dependency-file options dropped, -M added.
std::vector<std::string> dependency_command(const std::vector<std::string>& argv) {
  static const std::set<std::string> with_value{"-o", "-MF", "-MT", "-MQ", "-MJ"};
  static const std::set<std::string> alone{"-MD", "-MMD", "-MP", "-M", "-MM"};
  std::vector<std::string> out;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    if (with_value.count(argv[i])) {
      ++i;
      continue;
    }
    if (alone.count(argv[i]) || (argv[i].size() > 3 && argv[i].rfind("-MF", 0) == 0))
      continue;
    out.push_back(argv[i]);
  }
  out.insert(out.end(), {"-M", "-w"});
  return out;
}

// "a.o: a.cpp x.h \\\n y.h" -> {a.cpp, x.h, y.h}, made absolute against `dir`.
std::vector<std::string> parse_dependencies(const std::string& text, const std::string& dir) {
  std::vector<std::string> out;
  std::string cur;
  bool after_target = false;
  auto flush = [&] {
    if (!cur.empty() && after_target && cur != "\\")
      out.push_back(real_path(cur[0] == '/' ? cur : dir + "/" + cur));
    if (!after_target && !cur.empty() && cur.back() == ':')
      after_target = true;
    cur.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size() && text[i + 1] == ' ')
      cur += text[++i];
    else if (c == '\\' && i + 1 < text.size() && text[i + 1] == '\n')
      ++i, flush();
    else if (c == ' ' || c == '\n' || c == '\t' || c == '\r')
      flush();
    else
      cur += c;
  }
  flush();
  return out;
}

// Whether `file` is affected: its dependencies meet `changed` (true when they cannot be known).
bool affected(const std::string& file, const std::map<std::string, CompileCommand>& commands,
              const std::set<std::string>& changed) {
  const std::string canonical = real_path(file);
  if (changed.count(canonical))
    return true;
  auto c = commands.find(canonical);
  if (c == commands.end())
    return false;
  ProcessResult p = run_process(dependency_command(c->second.argv), {}, c->second.directory);
  if (p.exit_code != 0)
    return true;
  for (const std::string& dep : parse_dependencies(p.output, c->second.directory))
    if (changed.count(dep))
      return true;
  return false;
}

std::vector<std::string> git_lines(const std::vector<std::string>& args, std::string& error) {
  ProcessResult p = run_process(args);
  if (p.exit_code != 0) {
    error = join(args, " ") + " failed: " + trim(p.output.substr(0, p.output.find('\n')));
    return {};
  }
  std::vector<std::string> lines;
  std::istringstream in(p.output);
  for (std::string line; std::getline(in, line);)
    if (!trim(line).empty())
      lines.push_back(line);
  return lines;
}

} // namespace

std::string changed_files(const std::string& rev, std::vector<std::string>& out) {
  std::string error;
  auto top = git_lines({"git", "rev-parse", "--show-toplevel"}, error);
  if (!error.empty() || top.empty())
    return "--changed-since needs a Git repository: " + error;
  auto names = git_lines({"git", "-C", top[0], "diff", "--name-only", rev, "--"}, error);
  auto untracked =
      git_lines({"git", "-C", top[0], "ls-files", "--others", "--exclude-standard"}, error);
  if (!error.empty())
    return error;
  names.insert(names.end(), untracked.begin(), untracked.end());
  for (const std::string& n : names)
    out.push_back(real_path(top[0] + "/" + n));
  return {};
}

std::vector<std::string> affected_files(const std::vector<std::string>& files,
                                        const std::string& build_dir,
                                        const std::vector<std::string>& changed, int jobs) {
  const auto commands = read_commands(build_dir);
  const std::set<std::string> changed_set(changed.begin(), changed.end());
  std::vector<char> keep(files.size(), 0);
  run_on_workers(files.size(), jobs,
                 [&](std::size_t i) { keep[i] = affected(files[i], commands, changed_set); });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < files.size(); ++i)
    if (keep[i])
      out.push_back(files[i]);
  return out;
}

} // namespace racelab
