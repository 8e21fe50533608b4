#include "agent/alert/sinks/webhook_format.h"

#include <simdjson.h>

#include <utility>

#include "agent/alert/text/alert_text.h"

namespace bgpsentry {

namespace {

constexpr std::pair<const char*, WebhookFormat> kFormats[] = {
    {"slack", WebhookFormat::kSlack},
    {"teams", WebhookFormat::kTeams},
    {"discord", WebhookFormat::kDiscord},
    {"mattermost", WebhookFormat::kMattermost},
    {"googlechat", WebhookFormat::kGoogleChat},
    {"telegram", WebhookFormat::kTelegram},
    {"json", WebhookFormat::kJson},
    {"http", WebhookFormat::kHttp}};

std::string quoted(const std::string& text) {
  return "\"" + json_escape(text) + "\"";
}

}  // namespace

std::optional<WebhookFormat> parse_webhook_format(std::string_view name) {
  for (const auto& [n, f] : kFormats)
    if (name == n) return f;
  return std::nullopt;
}

const char* to_string(WebhookFormat format) {
  for (const auto& [n, f] : kFormats)
    if (f == format) return n;
  return "?";
}

std::string default_webhook_template(WebhookFormat format) {
  switch (format) {
    case WebhookFormat::kHttp:
      return R"({"text": "${summary}"})";
    case WebhookFormat::kJson:
      return {};  // the alert itself
    default:
      return "${channel}: ${summary}";
  }
}

size_t max_webhook_text(WebhookFormat format) {
  switch (format) {
    case WebhookFormat::kDiscord:
      return 2000;
    case WebhookFormat::kTelegram:
      return 4096;
    default:
      return 30000;  // Slack's and Teams' limits are near 40,000
  }
}

std::string cut_text(std::string text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes - 3;  // room for "…"
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
  return text + "…";
}

std::string chat_body(WebhookFormat format, const std::string& text, const Alert& alert) {
  switch (format) {
    case WebhookFormat::kDiscord:
      return "{\"content\":" + quoted(text) + "}";
    case WebhookFormat::kTeams:
      // A Teams workflow ("Post to a channel when a webhook request is received") takes an
      // Adaptive Card in a message.
      return "{\"type\":\"message\",\"attachments\":[{\"contentType\":"
             "\"application/vnd.microsoft.card.adaptive\",\"content\":{\"$schema\":"
             "\"http://adaptivecards.io/schemas/adaptive-card.json\",\"type\":\"AdaptiveCard\","
             "\"version\":\"1.4\",\"body\":[{\"type\":\"TextBlock\",\"wrap\":true,\"text\":" +
             quoted(text) + "}]}}]}";
    case WebhookFormat::kGoogleChat:
      if (alert.event_id)
        return "{\"text\":" + quoted(text) + ",\"thread\":{\"threadKey\":\"" +
               std::to_string(alert.event_id) + "\"}}";
      return "{\"text\":" + quoted(text) + "}";
    default:  // slack, mattermost
      return "{\"text\":" + quoted(text) + "}";
  }
}

std::string telegram_body(const std::string& chat_id, const std::string& text,
                          std::optional<int64_t> reply_to) {
  std::string body = "{\"chat_id\":" + quoted(chat_id) + ",\"text\":" + quoted(text) +
                     ",\"link_preview_options\":{\"is_disabled\":true}";
  if (reply_to)
    body += ",\"reply_parameters\":{\"message_id\":" + std::to_string(*reply_to) +
            ",\"allow_sending_without_reply\":true}";
  return body + "}";
}

std::optional<int64_t> telegram_message_id(std::string_view answer) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(answer.data(), answer.size()).get(doc)) return std::nullopt;
  int64_t id = 0;
  if (doc["result"]["message_id"].get_int64().get(id)) return std::nullopt;
  return id;
}

bool is_json(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  return !parser.parse(text.data(), text.size()).get(doc);
}

std::string webhook_url(WebhookFormat format, const std::string& url, const std::string& token) {
  if (format == WebhookFormat::kTelegram) {
    std::string base = url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/bot" + token + "/sendMessage";
  }
  if (format == WebhookFormat::kGoogleChat)
    return url + (url.find('?') == std::string::npos ? "?" : "&") +
           "messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";
  return url;
}

}  // namespace bgpsentry
