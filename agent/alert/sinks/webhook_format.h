// What each webhook format posts for one alert: the chat services' JSON bodies around a
// text rendered from a template, Google Chat's thread per event, Telegram's replies, the
// alert itself as JSON, or BGPalerter's reportHTTP (the template is the body).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "agent/model/alert.h"

namespace bgpsentry {

enum class WebhookFormat {
  kSlack,
  kTeams,
  kDiscord,
  kMattermost,
  kGoogleChat,
  kTelegram,
  kJson,
  kHttp
};

std::optional<WebhookFormat> parse_webhook_format(std::string_view name);
const char* to_string(WebhookFormat format);

// The template a format words its message with when the sink gives none. For http, the
// body: {"text": "${summary}"}.
std::string default_webhook_template(WebhookFormat format);

// The longest text a chat format takes (Discord 2,000 characters, Telegram 4,096); longer
// text is cut at a character boundary with "…".
size_t max_webhook_text(WebhookFormat format);
std::string cut_text(std::string text, size_t max_bytes);

// The JSON body of a chat format (slack, teams, discord, mattermost, googlechat) for `text`.
// Google Chat's thread key is the event id: every notice of an event reads as one thread.
std::string chat_body(WebhookFormat format, const std::string& text, const Alert& alert);

// Telegram's sendMessage body; `reply_to` is the message an event's later notices answer.
std::string telegram_body(const std::string& chat_id, const std::string& text,
                          std::optional<int64_t> reply_to);
// The message_id of Telegram's answer {"ok":true,"result":{"message_id":N,…}}.
std::optional<int64_t> telegram_message_id(std::string_view answer);

// Whether `text` is one JSON value.
bool is_json(std::string_view text);

// The URL a format posts to: Google Chat's with messageReplyOption (reply in the event's
// thread, else start it); Telegram's {url}/bot{token}/sendMessage.
std::string webhook_url(WebhookFormat format, const std::string& url, const std::string& token);

}  // namespace bgpsentry
