// The alert-stream benches' client side: WatchAlerts calls on gRPC's callback API whose
// responses are decoded only as far as their alerts' ids (AlertIds). The clients stand in for
// orchestration systems on other machines; parsing every field of 1.5M alerts (most of it malloc
// and free) only added the clients' own protobuf work to the two cores the agent being measured
// runs on. What the benches check, every id once and in order, needs nothing more.
#pragma once

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/client_callback.h>
#include <grpcpp/impl/codegen/rpc_method.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bgpsentry/v1/alert.pb.h"

// A WatchAlertsResponse as the reading clients see it: the ids of its alerts, in order.
struct AlertIds {
  std::vector<uint64_t> ids;
};

template <>
class grpc::SerializationTraits<AlertIds> {
 public:
  static grpc::Status Serialize(const AlertIds&, grpc::ByteBuffer*, bool*) {
    return {grpc::StatusCode::UNIMPLEMENTED, "the bench only reads responses"};
  }
  // WatchAlertsResponse: alert = 1 and alerts = 2, each an Alert whose id is field 1.
  static grpc::Status Deserialize(grpc::ByteBuffer* buffer, AlertIds* out) {
    using google::protobuf::internal::WireFormatLite;
    out->ids.clear();
    grpc::Slice slice;
    if (!buffer->DumpToSingleSlice(&slice).ok())
      return {grpc::StatusCode::INTERNAL, "unreadable response"};
    buffer->Clear();
    google::protobuf::io::CodedInputStream in(slice.begin(), static_cast<int>(slice.size()));
    while (const uint32_t tag = in.ReadTag()) {
      const int field = WireFormatLite::GetTagFieldNumber(tag);
      if ((field != 1 && field != 2) ||
          WireFormatLite::GetTagWireType(tag) != WireFormatLite::WIRETYPE_LENGTH_DELIMITED) {
        if (!WireFormatLite::SkipField(&in, tag)) break;
        continue;
      }
      uint32_t length = 0;
      if (!in.ReadVarint32(&length)) break;
      const auto limit = in.PushLimit(static_cast<int>(length));
      uint64_t id = 0;
      while (const uint32_t inner = in.ReadTag()) {
        if (inner == WireFormatLite::MakeTag(1, WireFormatLite::WIRETYPE_VARINT)) {
          if (!in.ReadVarint64(&id)) break;
        } else if (!WireFormatLite::SkipField(&in, inner)) {
          break;
        }
      }
      if (!in.ConsumedEntireMessage() && in.BytesUntilLimit() != 0)
        return {grpc::StatusCode::INTERNAL, "malformed alert in a response"};
      in.PopLimit(limit);
      out->ids.push_back(id);
    }
    if (!in.ConsumedEntireMessage() && in.CurrentPosition() != static_cast<int>(slice.size()))
      return {grpc::StatusCode::INTERNAL, "malformed response"};
    return grpc::Status::OK;
  }
};

// `count` connections to the agent's unix socket, as a few client processes would open: each
// its own channel, not one shared subchannel.
inline std::vector<std::shared_ptr<grpc::Channel>> alert_bench_channels(const std::string& socket,
                                                                        int count, int first_id) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.channel_id", first_id + i);
    channels.push_back(
        grpc::CreateCustomChannel("unix:" + socket, grpc::InsecureChannelCredentials(), args));
  }
  return channels;
}

// A connection the clients call WatchAlerts on, with the method bound to it: the callback
// API's raw form, so that responses decode as AlertIds rather than whole WatchAlertsResponses.
class WatchAlertsConnection {
 public:
  explicit WatchAlertsConnection(std::shared_ptr<grpc::Channel> channel)
      : channel_(std::move(channel)),
        method_("/bgpsentry.v1.AlertService/WatchAlerts",
                grpc::internal::RpcMethod::SERVER_STREAMING, channel_) {}
  // Starts the call's first read and the call itself.
  void watch(grpc::ClientContext* context, const bgpsentry::v1::WatchAlertsRequest* request,
             grpc::ClientReadReactor<AlertIds>* reactor, AlertIds* response) {
    grpc::internal::ClientCallbackReaderFactory<AlertIds>::Create(channel_.get(), method_, context,
                                                                  request, reactor);
    reactor->StartRead(response);
    reactor->StartCall();
  }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  grpc::internal::RpcMethod method_;
};

// `count` of them on channels of their own (alert_bench_channels).
inline std::vector<WatchAlertsConnection> watch_alerts_connections(const std::string& socket,
                                                                   int count, int first_id) {
  std::vector<WatchAlertsConnection> connections;
  connections.reserve(static_cast<size_t>(count));
  for (auto& channel : alert_bench_channels(socket, count, first_id))
    connections.emplace_back(std::move(channel));
  return connections;
}
