#include "agent/alert/sinks/email_sink.h"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "agent/config/secret_file.h"
#include "agent/config/yaml_fields.h"
#include "agent/core/wall_clock.h"
#include "agent/net/curl_global.h"
#include "agent/net/http_client.h"

namespace bgpsentry {

const char* const EmailSink::kDefaultBody =
    "${summary}\n"
    "\n"
    "Type:       ${type} (${channel})\n"
    "Prefix:     ${prefix} ${description}\n"
    "Announced:  ${newprefix} by ${neworigin} (expected ${asn})\n"
    "AS path:    ${paths}\n"
    "Seen:       ${earliest} to ${latest} UTC by ${peers} peers\n"
    "Event:      ${event_id} ${status}, confidence ${confidence} ${tags}\n"
    "BGPlay:     ${bgplay}\n";

namespace {

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "localhost";
  return buf;
}

// The message, read out by libcurl.
struct Upload {
  const std::string* text;
  size_t at = 0;
};

size_t read_upload(char* out, size_t size, size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, up->text->size() - up->at);
  std::memcpy(out, up->text->data() + up->at, n);
  up->at += n;
  return n;
}

}  // namespace

EmailSink::EmailSink(std::string name, EmailSinkSettings settings, AlertFactsLookup facts)
    : name_(std::move(name)), settings_(std::move(settings)), facts_(std::move(facts)) {
  if (settings_.body_template.empty()) settings_.body_template = kDefaultBody;
  templates_use_facts_ =
      uses_facts(settings_.subject_template) || uses_facts(settings_.body_template);
  header_.from = settings_.from;
  header_.to = settings_.to;
  header_.domain = host_name();
  init_curl_once();
}

Status EmailSink::send(const Alert& alert) {
  const AlertFacts facts = templates_use_facts_ && facts_ ? facts_(alert) : AlertFacts{};
  const Placeholders values = alert_placeholders(alert, facts);
  std::string subject = render_template(settings_.subject_template, values, TemplateEscape::kNone);
  std::replace_if(
      subject.begin(), subject.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  if (subject.size() > 200) subject = subject.substr(0, 197) + "...";
  const std::string message = mail_message(
      header_, alert, subject,
      render_template(settings_.body_template, values, TemplateEscape::kNone), wall_clock_us());

  CURL* curl = curl_easy_init();
  if (!curl) return Error{"cannot start libcurl"};
  char error[CURL_ERROR_SIZE] = {};
  curl_slist* rcpt = nullptr;
  for (const auto& to : settings_.to) rcpt = curl_slist_append(rcpt, ("<" + to + ">").c_str());
  Upload upload{&message};
  const std::string from = "<" + settings_.from + ">";
  curl_easy_setopt(curl, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.timeout.count()));
  if (settings_.starttls)
    curl_easy_setopt(curl, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!settings_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, settings_.ca_file.c_str());
  if (!settings_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  const CURLcode rc = curl_easy_perform(curl);
  long answer = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer);
  curl_slist_free_all(rcpt);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) {
    std::string why = error[0] ? error : curl_easy_strerror(rc);
    if (answer) why += " (SMTP " + std::to_string(answer) + ")";
    return Error{redacted_url(settings_.url) + ": " + why};
  }
  return ok_status();
}

namespace {

bool plausible_address(const std::string& a) {
  const size_t at = a.find('@');
  return at != std::string::npos && at > 0 && at + 1 < a.size() &&
         a.find_first_of(" <>\r\n,") == std::string::npos;
}

std::any read_email_sink(const YAML::Node& section, const SectionContext& ctx,
                         ConfigErrors& errors) {
  EmailSinkSettings s;
  for (const auto& kv : section) {
    const std::string key = kv.first.Scalar();
    if (ctx.common(key) || key == "password" || key == "password_file" || key == "password_env")
      continue;
    const std::string field = ctx.where(key);
    if (key == "url") {
      if (auto v = read_string(kv.second, field, errors)) {
        s.url = *v;
        if (s.url.rfind("smtp://", 0) != 0 && s.url.rfind("smtps://", 0) != 0)
          errors.add(kv.second, field, "expected smtp://host:port or smtps://host:port");
      }
    } else if (key == "starttls") {
      if (auto b = read_bool(kv.second, field, errors)) s.starttls = *b;
    } else if (key == "from") {
      if (auto v = read_string(kv.second, field, errors)) {
        s.from = *v;
        if (!plausible_address(s.from)) errors.add(kv.second, field, "not an email address");
      }
    } else if (key == "to") {
      const YAML::Node list = kv.second.IsScalar()
                                  ? YAML::Node(std::vector<std::string>{kv.second.Scalar()})
                                  : kv.second;
      for (const auto& a : read_string_list(list, field, errors)) {
        if (plausible_address(a))
          s.to.push_back(a);
        else
          errors.add(kv.second, field, "'" + a + "' is not an email address");
      }
      if (s.to.size() > 100) errors.add(kv.second, field, "at most 100 recipients");
    } else if (key == "username") {
      if (auto v = read_string(kv.second, field, errors)) s.username = *v;
    } else if (key == "subject" || key == "template") {
      if (auto text = read_template(kv.second, field, errors))
        (key == "subject" ? s.subject_template : s.body_template) = *text;
    } else if (key == "ca_file") {
      if (auto p = read_string(kv.second, field, errors)) s.ca_file = ctx.resolve(*p);
    } else if (key == "timeout") {
      if (auto n = read_int(kv.second, field, 1, 600, errors)) s.timeout = std::chrono::seconds(*n);
    } else {
      ctx.unknown(kv.first, errors);
    }
  }
  const bool has_password = read_secret_keys(section, ctx, "password", s.password, errors);
  if (has_password && s.username.empty())
    errors.add(section, ctx.where("username"), "a password needs a username");
  for (const char* key : {"url", "from", "to"})
    if (!section[key])
      errors.add(section, ctx.where(key), std::string("an email sink needs ") + key);
  if (s.url.rfind("smtps://", 0) == 0 && section["starttls"] && s.starttls)
    errors.add(section["starttls"], ctx.where("starttls"),
               "smtps:// is TLS from the start: starttls does not apply");
  if (s.url.rfind("smtps://", 0) == 0) s.starttls = false;
  if (!s.username.empty() && s.url.rfind("smtp://", 0) == 0 && !s.starttls)
    errors.add(section, ctx.where("starttls"),
               "AUTH without TLS would send the password in clear: use starttls or smtps://");
  return s;
}

}  // namespace

SinkType email_sink_type() {
  return {"email", read_email_sink,
          [](const SinkConfig& config, const SinkContext& context) -> std::unique_ptr<AlertSink> {
            return std::make_unique<EmailSink>(config.name, config.as<EmailSinkSettings>(),
                                               context.facts);
          }};
}

}  // namespace bgpsentry
