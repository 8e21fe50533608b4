// The HTTPS server the webhook tests post to (webhook_server.py, Python's http.server with
// ssl from Debian's python3) and what it recorded.
#pragma once

#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/test_env.h"

namespace bgpsentry::test {

struct WebhookRequest {
  std::string method, path, body, json;  // json: the body's canonical form, when it is JSON
  std::string headers;                   // the record's headers object, as JSON text
};

// One "key": "value" of a flat JSON record line written by json.dumps (values are strings;
// escapes decoded, \uXXXX into UTF-8).
inline std::string webhook_record_field(const std::string& line, const std::string& key) {
  const std::string start = "\"" + key + "\": \"";
  size_t at = line.find(start);
  if (at == std::string::npos) return {};
  std::string out;
  for (size_t i = at + start.size(); i < line.size() && line[i] != '"'; ++i) {
    if (line[i] != '\\' || i + 1 >= line.size()) {
      out += line[i];
      continue;
    }
    const char e = line[++i];
    if (e == 'n') {
      out += '\n';
    } else if (e == 'r') {
      out += '\r';
    } else if (e == 't') {
      out += '\t';
    } else if (e == 'u' && i + 4 < line.size()) {
      const unsigned code = std::stoul(line.substr(i + 1, 4), nullptr, 16);
      i += 4;
      if (code < 0x80) {
        out += static_cast<char>(code);
      } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | code >> 6);
        out += static_cast<char>(0x80 | (code & 0x3F));
      } else {
        out += static_cast<char>(0xE0 | code >> 12);
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
      }
    } else {
      out += e;
    }
  }
  return out;
}

// tests/support/webhook_server.py on 127.0.0.1 with TLS (server.pem from make_test_pki in
// `dir`); `extra` are its options (--fail-at, --fail-file, --hang). Killed when destroyed.
class WebhookServer {
 public:
  WebhookServer(const TempDir& dir, std::vector<std::string> extra = {},
                int port = free_loopback_port())
      : dir_(dir), port_(port) {
    std::vector<std::string> argv = {
        python3_path(), source_dir() + "/tests/support/webhook_server.py",
        "--port",       std::to_string(port_),
        "--cert",       dir / "server.pem",
        "--key",        dir / "server.key",
        "--log",        dir / "requests.jsonl"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    process_ = std::make_unique<ChildProcess>(argv, dir / "webhook_server.out");
    for (int i = 0; i < 200 && !loopback_port_open(port_); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(port_) + path;
  }
  std::vector<WebhookRequest> requests() const {
    std::vector<WebhookRequest> out;
    std::istringstream in(read_file(dir_ / "requests.jsonl"));
    for (std::string line; std::getline(in, line);) {
      WebhookRequest r{webhook_record_field(line, "method"),
                       webhook_record_field(line, "path"),
                       webhook_record_field(line, "body"),
                       webhook_record_field(line, "json"),
                       {}};
      const size_t h = line.find("\"headers\": {");
      if (h != std::string::npos) r.headers = line.substr(h, line.find('}', h) - h + 1);
      out.push_back(r);
    }
    return out;
  }

 private:
  const TempDir& dir_;
  int port_;
  std::unique_ptr<ChildProcess> process_;
};

}  // namespace bgpsentry::test
