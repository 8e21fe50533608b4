// bgpctl man | completion bash: the manual page and the bash completion, generated from the
// command tree itself, so that neither can fall behind a verb or a flag.
#include <cstdio>
#include <string>
#include <vector>

#include "ctl/commands.h"

namespace bgpctl {
namespace {

std::vector<const CLI::App*> subcommands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App*) { return true; });
}

// Every option of a command but the positional arguments.
std::vector<const CLI::Option*> flags(const CLI::App& app) {
  return app.get_options([](const CLI::Option* o) { return o->nonpositional(); });
}
std::vector<const CLI::Option*> positionals(const CLI::App& app) {
  return app.get_options([](const CLI::Option* o) { return !o->nonpositional(); });
}

std::vector<std::string> option_names(const CLI::Option& o) {
  std::vector<std::string> out;
  for (const auto& s : o.get_snames()) out.push_back("-" + s);
  for (const auto& l : o.get_lnames()) out.push_back("--" + l);
  return out;
}

// Roff: backslashes and hyphens escaped, other than ASCII as \[uXXXX], no line starting
// with a control character.
std::string roff(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else {  // UTF-8: a lead byte and its continuation bytes
      const int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
      uint32_t code = c & (0x3F >> extra);
      for (int k = 0; k < extra && i + 1 < text.size(); ++k)
        code = code << 6 | (static_cast<unsigned char>(text[++i]) & 0x3F);
      char escaped[16];
      std::snprintf(escaped, sizeof escaped, "\\[u%04X]", code);
      out += escaped;
    }
  }
  if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
  return out;
}

// `top`: the global options, --help among them; a command's --help is not repeated.
void man_options(const CLI::App& app, bool top = false) {
  for (const auto* o : positionals(app)) {
    std::printf(".TP\n\\fI%s\\fR\n%s\n", roff(o->get_name(true)).c_str(),
                roff(o->get_description()).c_str());
  }
  for (const auto* o : flags(app)) {
    if (!top && o->check_lname("help")) continue;
    std::string names;
    for (const auto& n : option_names(*o)) names += (names.empty() ? "" : ", ") + roff(n);
    std::string value =
        o->get_type_size_max() > 0 ? " \\fI" + roff(o->get_type_name()) + "\\fR" : "";
    std::printf(".TP\n\\fB%s\\fR%s\n%s\n", names.c_str(), value.c_str(),
                roff(o->get_description()).c_str());
  }
}

void man_commands(const CLI::App& app, const std::string& path) {
  for (const auto* sub : subcommands(app)) {
    const std::string here = path + " " + sub->get_name();
    std::string usage = here;
    for (const auto* o : positionals(*sub)) usage += " " + o->get_name(true);
    if (flags(*sub).size() > 1) usage += " [options]";  // beyond --help
    std::printf(".SS \"%s\"\n%s\n", roff(usage).c_str(), roff(sub->get_description()).c_str());
    if (subcommands(*sub).empty())
      man_options(*sub);
    else
      man_commands(*sub, here);
  }
}

void print_man(const CLI::App& app) {
  std::printf(".TH BGPCTL 1 \"\" \"bgpctl %s\" \"bgpsentry\"\n", BGPSENTRY_VERSION);
  std::printf(".SH NAME\nbgpctl \\- control and query bgpsentryd, the BGP monitoring agent\n");
  std::printf(
      ".SH SYNOPSIS\n\\fBbgpctl\\fR [\\fIglobal options\\fR] \\fIcommand\\fR "
      "[\\fIarguments\\fR]\n");
  std::printf(
      ".SH DESCRIPTION\n"
      "bgpctl controls and queries bgpsentryd, the BGP monitoring agent, over its gRPC API: "
      "the unix socket by default, or TCP with TLS and a bearer token. It also reads MRT "
      "archives and records RIS Live streams without a daemon. With \\fB\\-o json\\fR every "
      "command prints one JSON object per line, with the API's field names.\n");
  std::printf(".SH GLOBAL OPTIONS\n");
  man_options(app, true);
  std::printf(".SH COMMANDS\n");
  man_commands(app, "bgpctl");
  std::printf(".SH EXIT STATUS\n%s\n", roff(app.get_footer()).c_str());
  std::printf(
      ".SH ENVIRONMENT\n.TP\n\\fBBGPCTL_SOCKET\\fR\nthe unix socket (as \\fB\\-\\-socket\\fR)\n"
      ".TP\n\\fBBGPCTL_SERVER\\fR\nhost:port over TLS (as \\fB\\-\\-server\\fR)\n"
      ".TP\n\\fBBGPCTL_TOKEN\\fR\nthe API token (see \\fB\\-\\-token\\-file\\fR)\n");
  std::printf(".SH SEE ALSO\n\\fBbgpsentryd\\fR(8); /usr/share/doc/bgpsentry\n");
}

// One case per command path: the words that may follow it.
void completion_cases(const CLI::App& app, const std::string& path, std::string& out) {
  std::string words;
  for (const auto* sub : subcommands(app)) words += " " + sub->get_name();
  for (const auto* o : flags(app))
    for (const auto& n : option_names(*o)) words += " " + n;
  out += "    \"" + path + "\") words=\"" + words.substr(words.empty() ? 0 : 1) + "\" ;;\n";
  for (const auto* sub : subcommands(app))
    completion_cases(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
}

// A word extends the command path when path + word names a command.
void path_cases(const CLI::App& app, const std::string& path, std::string& out) {
  for (const auto* sub : subcommands(app)) {
    const std::string full = path.empty() ? sub->get_name() : path + " " + sub->get_name();
    out += "      \"" + full + "\") path=\"" + full + "\" ;;\n";
    path_cases(*sub, full, out);
  }
}

void print_bash_completion(const CLI::App& app) {
  std::string paths, words;
  path_cases(app, "", paths);
  completion_cases(app, "", words);
  std::printf(
      "# bash completion for bgpctl (generated by `bgpctl completion bash`)\n"
      "_bgpctl() {\n"
      "  local cur=${COMP_WORDS[COMP_CWORD]} path=\"\" words w i\n"
      "  # The command path: the words before the cursor that name commands.\n"
      "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      "    w=${COMP_WORDS[i]}\n"
      "    [[ $w == -* ]] && continue\n"
      "    case \"${path:+$path }$w\" in\n"
      "%s"
      "    esac\n"
      "  done\n"
      "  case \"$path\" in\n"
      "%s"
      "    *) words=\"\" ;;\n"
      "  esac\n"
      "  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
      "}\n"
      "complete -o default -F _bgpctl bgpctl\n",
      paths.c_str(), words.c_str());
}

}  // namespace

void add_reference_commands(CLI::App& app, int& exit_code) {
  app.add_subcommand("man", "print bgpctl's manual page (roff; `bgpctl man | man -l -`)")
      ->callback([&app, &exit_code] {
        print_man(app);
        exit_code = kExitOk;
      });
  auto* completion = app.add_subcommand("completion", "print a shell completion script");
  completion->require_subcommand(1);
  completion->add_subcommand("bash", "bash completion: `source <(bgpctl completion bash)`")
      ->callback([&app, &exit_code] {
        print_bash_completion(app);
        exit_code = kExitOk;
      });
}

}  // namespace bgpctl
