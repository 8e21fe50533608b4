#include "ctl/bgpalerter_import.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>
#include <set>

#include "agent/config/bounded_yaml.h"
#include "agent/core/text_file.h"

namespace bgpctl {

namespace fs = std::filesystem;
using bgpsentry::Error;

namespace {

// BGPalerter's channels → bgpsentry's alert types.
const std::map<std::string, std::vector<std::string>>& channel_types() {
  static const std::map<std::string, std::vector<std::string>> m = {
      {"hijack", {"ORIGIN_HIJACK", "SUBPREFIX_HIJACK", "SQUAT"}},
      {"newprefix", {"NEW_PREFIX"}},
      {"visibility", {"VISIBILITY_LOSS"}},
      {"path", {"PATH", "NEIGHBOR_CHANGE"}},
      {"misconfiguration", {"UNEXPECTED_PREFIX"}},
      {"rpki", {"RPKI_INVALID"}},
  };
  return m;
}

// BGPalerter's monitor modules → bgpsentry's monitor names.
const std::map<std::string, std::string>& monitor_names() {
  static const std::map<std::string, std::string> m = {{"monitorHijack", "hijack"},
                                                       {"monitorNewPrefix", "newprefix"},
                                                       {"monitorVisibility", "visibility"},
                                                       {"monitorPath", "path"},
                                                       {"monitorAS", "as"},
                                                       {"monitorRPKI", "rpki"},
                                                       {"monitorPathNeighbors", "neighbors"}};
  return m;
}

bool looks_like_url(const std::string& s) {
  return s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0;
}

class Converter {
 public:
  // `config_name`: the file's name, as the output's notes give it.
  Converter(const YAML::Node& config, const YAML::Node& groups, std::string config_name,
            fs::path config_dir, fs::path output_dir)
      : config_(config),
        groups_(groups),
        config_name_(std::move(config_name)),
        config_dir_(std::move(config_dir)),
        output_dir_(std::move(output_dir)) {}

  BgpalerterImport run() {
    out_["data_dir"] = "./var";
    prefixes_file();
    top_level();
    rpki();
    monitors();
    connectors();
    reports();
    BgpalerterImport result;
    YAML::Emitter e;
    e << out_;
    result.yaml =
        "# Converted from BGPalerter's " + config_name_ + " by bgpctl import bgpalerter.\n";
    for (const auto& n : notes_) result.yaml += "# NOTE: " + n + "\n";
    result.yaml += std::string(e.c_str()) + "\n";
    result.notes = notes_;
    return result;
  }

 private:
  void note(std::string text) { notes_.push_back(std::move(text)); }

  // A path BGPalerter reads relative to its directory, written relative to the output's.
  std::string path_for_output(const std::string& p) const {
    fs::path full = fs::path(p).is_absolute() ? fs::path(p) : config_dir_ / p;
    full = full.lexically_normal();
    const fs::path rel = full.lexically_relative(output_dir_);
    return rel.empty() ? full.string() : rel.string();
  }

  void prefixes_file() {
    std::vector<std::string> files;
    if (const auto list = config_["monitoredPrefixesFiles"]; list && list.IsSequence())
      for (const auto& f : list) files.push_back(f.as<std::string>());
    if (files.empty()) files.push_back("prefixes.yml");
    out_["prefixes_file"] = path_for_output(files.front());
    if (files.size() > 1)
      note("monitoredPrefixesFiles lists " + std::to_string(files.size()) +
           " files; bgpsentry reads one: merge the others into " + files.front());
  }

  void top_level() {
    for (const char* key : {"notificationIntervalSeconds", "alertOnlyOnce", "fadeOffSeconds"})
      if (const auto v = config_[key]; v && v.IsScalar()) out_[key] = YAML::Clone(v);
  }

  void rpki() {
    const auto r = config_["rpki"];
    if (!r || !r.IsMap()) return;
    YAML::Node out;
    const std::string provider = r["vrpProvider"] ? r["vrpProvider"].as<std::string>() : "";
    if (provider == "external" && r["vrpFile"]) {
      out["vrpFile"] = path_for_output(r["vrpFile"].as<std::string>());
    } else if (!provider.empty()) {
      note("rpki.vrpProvider " + provider +
           " downloads VRPs; bgpsentry reads a local file or an RTR cache: set rpki.vrpFile "
           "(rpki-client's or Routinator's JSON) or rpki.rtr");
    }
    if (const auto v = r["markDataAsStaleAfterMinutes"]; v && out["vrpFile"])
      out["markDataAsStaleAfterMinutes"] = YAML::Clone(v);
    for (const char* key : {"refreshVrpListMinutes", "preCacheROAStatus"})
      if (r[key])
        note(std::string("rpki.") + key +
             " is not needed: the VRP file is re-read when it changes");
    if (out.size()) out_["rpki"] = out;
  }

  void monitors() {
    const auto list = config_["monitors"];
    if (!list || !list.IsSequence()) return;
    YAML::Node out;
    for (const auto& m : list) {
      const std::string file = m["file"] ? m["file"].as<std::string>() : "";
      const auto params = m["params"];
      const auto name = monitor_names().find(file);
      if (name == monitor_names().end()) {
        note("monitor " + file + " (" + (m["name"] ? m["name"].as<std::string>() : "") +
             ") is not converted" +
             (file == "monitorROAS" ? ": ROA diffs and expiry come with bgpsentry's RPKI watch"
                                    : ""));
        continue;
      }
      YAML::Node p;
      if (params && params.IsMap())
        for (const auto& kv : params) {
          const std::string key = kv.first.as<std::string>();
          if (key == "thresholdMinPeers" || key == "notificationIntervalSeconds" ||
              key == "alertOnlyOnce" || key == "fadeOffSeconds") {
            p[key] = YAML::Clone(kv.second);
          } else if (file == "monitorRPKI" && key == "checkUncovered") {
            if (kv.second.as<bool>()) out_["rpki"]["checkUncovered"] = true;
          } else if (file == "monitorRPKI" && key == "checkDisappearing") {
            if (kv.second.as<bool>())
              note("monitorRPKI.checkDisappearing is not converted yet (bgpsentry's RPKI watch)");
          } else {
            note(file + "." + key + " is not converted");
          }
        }
      out[name->second] = p.size() ? p : YAML::Node(YAML::NodeType::Map);
    }
    if (out.size()) out_["monitors"] = out;
  }

  void connectors() {
    const auto list = config_["connectors"];
    if (!list || !list.IsSequence()) return;
    for (const auto& c : list) {
      const std::string file = c["file"] ? c["file"].as<std::string>() : "";
      if (file != "connectorRIS") {
        note("connector " + file + " is not converted");
        continue;
      }
      YAML::Node s;
      s["type"] = "ris_live";
      s["name"] = c["name"] ? c["name"].as<std::string>() : "ris";
      const auto params = c["params"];
      if (params && params["url"]) {
        std::string url = params["url"].as<std::string>();
        // The public RIS Live endpoint is bgpsentry's default (over TLS, with a client name);
        // BGPalerter's example names it without TLS.
        if (url.find("://ris-live.ripe.net/v1/ws") == std::string::npos) s["url"] = url;
      }
      if (params && params["blacklistSources"])
        note(
            "connectorRIS.blacklistSources is not converted: filter those peers with a "
            "source filter");
      sources_.push_back(s);
    }
    if (sources_.size()) out_["sources"] = sources_;
  }

  // The channels a report takes, as a `types` list (empty: every type).
  YAML::Node types_of(const YAML::Node& report, const std::string& module) {
    YAML::Node types(YAML::NodeType::Sequence);
    const auto channels = report["channels"];
    if (!channels || !channels.IsSequence()) return types;
    std::set<std::string> chosen;
    bool all = true;
    std::set<std::string> listed;
    for (const auto& c : channels) listed.insert(c.as<std::string>());
    for (const auto& [channel, list] : channel_types())
      if (!listed.count(channel)) all = false;
    for (const auto& c : listed) {
      auto it = channel_types().find(c);
      if (it == channel_types().end()) {
        if (c != "software-update")
          note(module + ": channel " + c + " has no bgpsentry alert type yet");
        continue;
      }
      chosen.insert(it->second.begin(), it->second.end());
    }
    if (all) return types;  // every type
    chosen.insert("FEED");  // BGPalerter has no feed channel; outages still reach the sink
    for (const auto& t : chosen) types.push_back(t);
    return types;
  }

  // One sink per user group: its groups filter is that group.
  void add_sink(YAML::Node sink, const YAML::Node& types, const std::string& group) {
    if (types.size()) sink["types"] = YAML::Clone(types);  // a copy: no YAML alias in the file
    if (!group.empty()) {
      YAML::Node g(YAML::NodeType::Sequence);
      g.push_back(group);
      sink["groups"] = g;
    }
    sinks_.push_back(sink);
  }

  // hooks/notifiedEmails/chatIds merged with groups.yml's entries for the module.
  std::map<std::string, YAML::Node> per_group(const YAML::Node& params, const char* key,
                                              const std::string& module) {
    std::map<std::string, YAML::Node> out;
    if (params && params[key] && params[key].IsMap())
      for (const auto& kv : params[key]) out[kv.first.as<std::string>()] = kv.second;
    if (groups_ && groups_[module] && groups_[module].IsMap())
      for (const auto& kv : groups_[module]) out[kv.first.as<std::string>()] = kv.second;
    return out;
  }

  void reports() {
    const auto list = config_["reports"];
    std::set<std::string> modules;
    if (list && list.IsSequence())
      for (const auto& r : list) {
        report(r);
        if (r["file"]) modules.insert(r["file"].as<std::string>());
      }
    if (groups_ && groups_.IsMap())
      for (const auto& kv : groups_) {
        const std::string module = kv.first.as<std::string>();
        if (!modules.count(module))
          note("groups file: " + module + " has user groups but " + config_name_ +
               " has no such report; not converted");
      }
    if (sinks_.size()) out_["sinks"] = sinks_;
  }

  void report(const YAML::Node& r) {
    const std::string module = r["file"] ? r["file"].as<std::string>() : "";
    const auto params = r["params"];
    const YAML::Node types = types_of(r, module);
    if (module == "reportFile") {
      YAML::Node s;
      s["type"] = "file";
      s["name"] = "file";
      s["path"] = "./var/alerts.jsonl";
      s["rotate"]["max_bytes"] = 15 * 1024 * 1024;
      s["rotate"]["keep"] = 10;
      if (const auto logging = config_["logging"]) {
        if (logging["maxFileSizeMB"])
          s["rotate"]["max_bytes"] = logging["maxFileSizeMB"].as<int>() * 1024 * 1024;
        if (logging["maxRetainedFiles"])
          s["rotate"]["keep"] = logging["maxRetainedFiles"].as<int>();
      }
      if (params && params["persistAlertData"] && params["persistAlertData"].as<bool>())
        note(
            "reportFile.persistAlertData: every alert is kept in bgpsentry's store "
            "(bgpctl alerts list)");
      add_sink(s, types, "");
    } else if (module == "reportSyslog") {
      YAML::Node s;
      s["type"] = "syslog";
      s["name"] = "syslog";
      const std::string transport =
          params && params["transport"] ? params["transport"].as<std::string>() : "udp";
      const std::string host =
          params && params["host"] ? params["host"].as<std::string>() : "127.0.0.1";
      const int port = params && params["port"] ? params["port"].as<int>() : 514;
      s["address"] = (transport == "tcp" ? "tcp://" : "udp://") + host + ":" + std::to_string(port);
      if (params && params["templates"] && params["templates"]["default"]) {
        s["template"] = YAML::Clone(params["templates"]["default"]);
        if (params["templates"].size() > 1)
          note("reportSyslog: one template per sink; the per-channel templates were left out");
      }
      add_sink(s, types, "");
    } else if (module == "reportSlack" || module == "reportHTTP" || module == "reportWebex") {
      const std::string name = module == "reportSlack"  ? "slack"
                               : module == "reportHTTP" ? "http"
                                                        : "webex";
      for (const auto& [group, hook] : per_group(params, "hooks", module)) {
        const std::string url = hook.IsScalar() ? hook.as<std::string>() : "";
        if (!looks_like_url(url)) {
          note(module + ": the hook of group " + group + " is not a URL (" + url +
               "); not converted");
          continue;
        }
        YAML::Node s;
        s["type"] = "webhook";
        s["name"] = name + "-" + group;
        s["format"] = module == "reportSlack" ? "slack" : "http";
        s["url"] = url;
        if (module == "reportWebex") s["template"] = R"({"markdown": "${summary}"})";
        if (module == "reportHTTP") {
          if (params["method"]) s["method"] = YAML::Clone(params["method"]);
          if (params["headers"] && params["headers"].IsMap() && params["headers"].size())
            s["headers"] = YAML::Clone(params["headers"]);
          if (params["templates"] && params["templates"]["default"])
            s["template"] = YAML::Clone(params["templates"]["default"]);
          if (params["isTemplateJSON"]) s["template_json"] = YAML::Clone(params["isTemplateJSON"]);
          if (params["templates"] && params["templates"].size() > 1)
            note("reportHTTP: one template per sink; the per-channel templates were left out");
        }
        add_sink(s, types, group);
      }
    } else if (module == "reportEmail") {
      const auto smtp = params ? params["smtp"] : YAML::Node();
      const bool secure = smtp && smtp["secure"] && smtp["secure"].as<bool>();
      const bool no_tls = smtp && smtp["ignoreTLS"] && smtp["ignoreTLS"].as<bool>();
      const std::string host = smtp && smtp["host"] ? smtp["host"].as<std::string>() : "localhost";
      const int port = smtp && smtp["port"] ? smtp["port"].as<int>() : 25;
      for (const auto& [group, emails] : per_group(params, "notifiedEmails", module)) {
        YAML::Node s;
        s["type"] = "email";
        s["name"] = "email-" + group;
        s["url"] = std::string(secure ? "smtps://" : "smtp://") + host + ":" + std::to_string(port);
        if (!secure) s["starttls"] = !no_tls;
        if (params["senderEmail"]) s["from"] = YAML::Clone(params["senderEmail"]);
        s["to"] = YAML::Clone(emails);
        if (smtp && smtp["auth"] && smtp["auth"]["user"]) {
          s["username"] = YAML::Clone(smtp["auth"]["user"]);
          if (smtp["auth"]["pass"]) s["password"] = YAML::Clone(smtp["auth"]["pass"]);
        }
        add_sink(s, types, group);
      }
      if (no_tls) note("reportEmail.smtp.ignoreTLS: bgpsentry sends no password without TLS");
    } else if (module == "reportTelegram") {
      const std::string bot = params && params["botUrl"] ? params["botUrl"].as<std::string>() : "";
      const size_t at = bot.find("/bot");
      const size_t end = bot.find("/sendMessage");
      if (at == std::string::npos || end == std::string::npos || end <= at + 4 ||
          bot.find('<') != std::string::npos) {
        note(
            "reportTelegram: botUrl is not https://api.telegram.org/bot<TOKEN>/sendMessage; "
            "not converted");
        return;
      }
      for (const auto& [group, chat] : per_group(params, "chatIds", module)) {
        YAML::Node s;
        s["type"] = "webhook";
        s["name"] = "telegram-" + group;
        s["format"] = "telegram";
        s["url"] = bot.substr(0, at);
        s["token"] = bot.substr(at + 4, end - at - 4);
        s["chat_id"] = chat.as<std::string>();
        add_sink(s, types, group);
      }
    } else {
      note("report " + module + " is not converted" +
           (module == "reportMatrix" ? " (Matrix needs a transaction id per message)" : ""));
    }
  }

  const YAML::Node& config_;
  const YAML::Node& groups_;
  const std::string config_name_;
  fs::path config_dir_, output_dir_;
  YAML::Node out_;
  YAML::Node sources_{YAML::NodeType::Sequence};
  YAML::Node sinks_{YAML::NodeType::Sequence};
  std::vector<std::string> notes_;
};

}  // namespace

bgpsentry::Result<BgpalerterImport> import_bgpalerter(const std::string& config_path,
                                                      const std::string& groups_path,
                                                      const std::string& output_dir) {
  // Bounded: a hostile file (aliases that expand a billion times) is refused, not followed.
  auto load = [](const std::string& path) -> bgpsentry::Result<YAML::Node> {
    auto text = bgpsentry::read_text_file(path, 4 << 20);
    if (!text) return Error{path + ": " + text.error()};
    try {
      auto node = bgpsentry::load_bounded_yaml(*text, bgpsentry::YamlLimits{});
      if (!node) return Error{path + ": " + node.error()};
      return *node;
    } catch (const YAML::Exception& e) {
      return Error{path + ": " + e.what()};
    }
  };
  auto config_loaded = load(config_path);
  if (!config_loaded) return Error{config_loaded.error()};
  YAML::Node config = *config_loaded, groups;
  if (!groups_path.empty()) {
    auto loaded = load(groups_path);
    if (!loaded) return Error{loaded.error()};
    groups = *loaded;
  }
  if (!config.IsMap()) return Error{config_path + ": not a BGPalerter config (expected a map)"};
  try {
    const fs::path dir = fs::absolute(fs::path(config_path)).parent_path();
    Converter converter(config, groups, fs::path(config_path).filename().string(), dir,
                        fs::absolute(output_dir).lexically_normal());
    return converter.run();
  } catch (const YAML::Exception& e) {
    return Error{config_path + ": " + e.what()};
  }
}

}  // namespace bgpctl
