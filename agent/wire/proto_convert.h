// Converts internal types to the public protos (and their JSON mapping) at the edges:
// the gRPC API, bgpctl and the sinks all speak this one representation.
#pragma once

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <string>

#include "agent/core/update.h"
#include "agent/model/alert.h"
#include "agent/model/event.h"
#include "agent/model/silence.h"
#include "bgpsentry/v1/types.pb.h"

namespace bgpsentry::wire {

google::protobuf::Timestamp to_timestamp(int64_t time_us);
int64_t from_timestamp(const google::protobuf::Timestamp& ts);

v1::Update to_proto(const Update& update);
v1::Alert to_proto(const Alert& alert);
v1::AlertType to_proto(AlertType type);
// A valid, specified proto type (AlertType_IsValid, not ALERT_TYPE_UNSPECIFIED).
AlertType from_proto(v1::AlertType type);
v1::Silence to_proto(const Silence& silence);
v1::EventAck to_proto(const EventAck& ack);
// `with_peers`: every peer that carried it too (GetEvent; lists leave them out).
v1::Event to_proto(const Event& event, bool with_peers);

// protobuf's JSON mapping, proto field names, one line, zero values included.
std::string to_json(const google::protobuf::Message& message);

}  // namespace bgpsentry::wire
