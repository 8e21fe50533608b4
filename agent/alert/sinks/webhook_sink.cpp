#include "agent/alert/sinks/webhook_sink.h"

#include <algorithm>
#include <cctype>

#include "agent/config/secret_file.h"
#include "agent/config/yaml_fields.h"
#include "agent/core/parse_number.h"
#include "agent/core/url.h"
#include "agent/wire/proto_convert.h"

namespace bgpsentry {

WebhookSink::WebhookSink(std::string name, WebhookSinkSettings settings, AlertFactsLookup facts,
                         MetaStore* state)
    : name_(std::move(name)),
      settings_(std::move(settings)),
      facts_(std::move(facts)),
      state_(state),
      client_(settings_.http) {
  if (settings_.text_template.empty())
    settings_.text_template = default_webhook_template(settings_.format);
  template_uses_facts_ = uses_facts(settings_.text_template);
}

std::string WebhookSink::thread_key(uint64_t event_id) const {
  return "sink/" + name_ + "/telegram/" + std::to_string(event_id);
}

HttpRequest WebhookSink::request_for(const Alert& alert, const std::string& text) {
  HttpRequest request;
  request.url = webhook_url(settings_.format, settings_.url, settings_.token);
  bool json = true;
  switch (settings_.format) {
    case WebhookFormat::kJson:
      request.body = wire::to_json(wire::to_proto(alert));
      break;
    case WebhookFormat::kHttp:
      request.method = settings_.method;
      request.body = text;
      json = settings_.template_json;
      break;
    case WebhookFormat::kTelegram: {
      std::optional<int64_t> reply_to;
      if (alert.event_id && state_)
        if (auto first = state_->get(thread_key(alert.event_id)))
          if (auto id = parse_u64(*first)) reply_to = static_cast<int64_t>(*id);
      request.body = telegram_body(settings_.chat_id, text, reply_to);
      break;
    }
    default:
      request.body = chat_body(settings_.format, text, alert);
  }
  request.headers.push_back(json ? "Content-Type: application/json"
                                 : "Content-Type: text/plain; charset=utf-8");
  for (const auto& [name, value] : settings_.headers)
    request.headers.push_back(name + ": " + value);
  return request;
}

StormLimit WebhookSink::default_storm() const {
  if (settings_.format == WebhookFormat::kJson || settings_.format == WebhookFormat::kHttp)
    return {};
  return {10, 60};
}

size_t WebhookSink::max_text_bytes() const {
  return max_webhook_text(settings_.format) - 200;  // room for the template around it
}

Status WebhookSink::send(const Alert& alert) {
  if (reopen_.exchange(false)) client_.reset();
  std::string text;
  if (settings_.format != WebhookFormat::kJson) {
    const AlertFacts facts = template_uses_facts_ && facts_ ? facts_(alert) : AlertFacts{};
    const bool escape = settings_.format == WebhookFormat::kHttp && settings_.template_json;
    text = render_template(settings_.text_template, alert_placeholders(alert, facts),
                           escape ? TemplateEscape::kJson : TemplateEscape::kNone);
    if (settings_.format != WebhookFormat::kHttp)
      text = cut_text(std::move(text), max_webhook_text(settings_.format));
  }
  auto response = client_.send(request_for(alert, text));
  if (!response) return Error{response.error()};
  if (response->status < 200 || response->status > 299) {
    std::string answer = response->body.substr(0, 200);
    std::replace_if(
        answer.begin(), answer.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
    return Error{redacted_url(settings_.url) + " answered HTTP " +
                 std::to_string(response->status) + (answer.empty() ? "" : ": " + answer)};
  }
  if (settings_.format == WebhookFormat::kTelegram && alert.event_id && state_) {
    // The first message of an event is what its later notices reply to; its end closes it.
    const std::string key = thread_key(alert.event_id);
    if (alert.notice == EventNotice::kEnded) {
      (void)state_->erase(key);
    } else if (!state_->get(key)) {
      if (auto id = telegram_message_id(response->body))
        if (auto st = state_->put(key, std::to_string(*id)); !st) return st;
    }
  }
  return ok_status();
}

namespace {

std::any read_webhook_sink(const YAML::Node& section, const SectionContext& ctx,
                           ConfigErrors& errors) {
  WebhookSinkSettings s;
  static const char* kSecretKeys[] = {"url",   "url_file",   "url_env",
                                      "token", "token_file", "token_env"};
  bool has_format = false;
  for (const auto& kv : section) {
    const std::string key = kv.first.Scalar();
    if (ctx.common(key) ||
        std::find(std::begin(kSecretKeys), std::end(kSecretKeys), key) != std::end(kSecretKeys))
      continue;
    const std::string field = ctx.where(key);
    if (key == "format") {
      if (auto text = read_string(kv.second, field, errors)) {
        if (auto f = parse_webhook_format(*text)) {
          s.format = *f;
          has_format = true;
        } else {
          errors.add(kv.second, field,
                     "unknown format " + *text +
                         " (slack, teams, discord, mattermost, googlechat, telegram, json, http)");
        }
      }
    } else if (key == "chat_id") {
      if (auto v = read_string(kv.second, field, errors)) s.chat_id = *v;
    } else if (key == "method") {
      if (auto v = read_string(kv.second, field, errors)) {
        std::string m = *v;
        std::transform(m.begin(), m.end(), m.begin(), ::toupper);
        if (m == "POST" || m == "PUT" || m == "PATCH")
          s.method = m;
        else
          errors.add(kv.second, field, "expected post, put or patch");
      }
    } else if (key == "headers") {
      if (!kv.second.IsMap()) {
        errors.add(kv.second, field, "expected a map of header names to values");
        continue;
      }
      for (const auto& h : kv.second) {
        const std::string name = h.first.Scalar();
        auto value = read_string(h.second, field + "." + name, errors);
        const bool valid_name = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
        });
        if (!valid_name)
          errors.add(h.first, field + "." + name, "not a header name");
        else if (value && value->find_first_of("\r\n") != std::string::npos)
          errors.add(h.second, field + "." + name, "a header value is one line");
        else if (value)
          s.headers.emplace_back(name, *value);
      }
    } else if (key == "template") {
      if (auto text = read_template(kv.second, field, errors)) s.text_template = *text;
    } else if (key == "template_json") {
      if (auto b = read_bool(kv.second, field, errors)) s.template_json = *b;
    } else if (key == "ca_file") {
      if (auto p = read_string(kv.second, field, errors)) s.http.ca_file = ctx.resolve(*p);
    } else if (key == "proxy") {
      if (auto p = read_string(kv.second, field, errors)) s.http.proxy = *p;
    } else if (key == "timeout") {
      if (auto n = read_int(kv.second, field, 1, 600, errors))
        s.http.timeout = std::chrono::seconds(*n);
    } else {
      ctx.unknown(kv.first, errors);
    }
  }
  if (!has_format) {
    if (!section["format"])
      errors.add(section, ctx.where("format"),
                 "a webhook sink needs a format (slack, teams, discord, mattermost, googlechat, "
                 "telegram, json, http)");
    return s;
  }
  const bool telegram = s.format == WebhookFormat::kTelegram;
  const bool has_url = read_secret_keys(section, ctx, "url", s.url, errors);
  if (telegram) {
    if (!has_url) s.url = "https://api.telegram.org";
    if (!read_secret_keys(section, ctx, "token", s.token, errors))
      errors.add(section, ctx.where("token_file"), "a telegram sink needs the bot's token");
    if (s.chat_id.empty())
      errors.add(section, ctx.where("chat_id"), "a telegram sink needs a chat_id");
  } else {
    for (const char* key : {"token", "token_file", "token_env", "chat_id"})
      if (section[key]) errors.add(section[key], ctx.where(key), "only a telegram sink has it");
    if (!has_url)
      errors.add(section, ctx.where("url"), "a webhook sink needs url, url_file or url_env");
  }
  if (!s.url.empty() && !is_http_url(s.url))
    errors.add(section, ctx.where("url"), "expected an https:// (or http://) URL");
  if (s.format != WebhookFormat::kHttp) {
    for (const char* key : {"method", "template_json"})
      if (section[key]) errors.add(section[key], ctx.where(key), "only an http webhook has it");
  }
  if (s.format == WebhookFormat::kJson && section["template"])
    errors.add(section["template"], ctx.where("template"),
               "a json webhook posts the alert itself: no template");
  if (s.format == WebhookFormat::kHttp && s.template_json && !s.text_template.empty()) {
    // The body must be JSON whatever the values: check it with every placeholder empty.
    Placeholders empty;
    for (const auto& name : placeholder_names()) empty[name] = "";
    const std::string sample = render_template(s.text_template, empty, TemplateEscape::kJson);
    if (!is_json(sample))
      errors.add(section["template"], ctx.where("template"),
                 "not JSON (set template_json: false to post text)");
  }
  return s;
}

}  // namespace

SinkType webhook_sink_type() {
  return {"webhook", read_webhook_sink,
          [](const SinkConfig& config, const SinkContext& context) -> std::unique_ptr<AlertSink> {
            return std::make_unique<WebhookSink>(config.name, config.as<WebhookSinkSettings>(),
                                                 context.facts, context.state);
          }};
}

}  // namespace bgpsentry
