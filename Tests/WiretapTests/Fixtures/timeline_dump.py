#!/usr/bin/env python3
"""Reads a --timeline file with Perfetto's own protobuf definitions (the PyPI
`perfetto` package's perfetto_trace_pb2) and prints a JSON summary for
TimelineTests: the tracks, the slices (BEGIN/END paired per track, as Perfetto
pairs them: a stack per track), the instants, and anything malformed.

usage: timeline_dump.py TRACE
"""
import json
import sys

from perfetto.protos.perfetto.trace import perfetto_trace_pb2 as pb


def annotation_value(a):
    kind = a.WhichOneof("value")
    if kind is not None:
        return getattr(a, kind)
    if len(a.array_values):
        return [annotation_value(v) for v in a.array_values]
    if len(a.dict_entries):
        return {e.name: annotation_value(e) for e in a.dict_entries}
    return None


def main(path):
    trace = pb.Trace()
    with open(path, "rb") as f:
        data = f.read()
    trace.ParseFromString(data)

    errors = []
    processes = {}  # uuid -> {pid, parent, names, cmdlines}
    threads = {}  # uuid -> {pid, tid, parent, names}
    events = []
    sequences = set()
    first_flags = None
    for index, packet in enumerate(trace.packet):
        if not packet.HasField("trusted_packet_sequence_id"):
            errors.append("packet %d has no trusted_packet_sequence_id" % index)
        sequences.add(packet.trusted_packet_sequence_id)
        if index == 0:
            first_flags = packet.sequence_flags
        if packet.HasField("track_descriptor"):
            d = packet.track_descriptor
            if d.HasField("process"):
                p = processes.setdefault(d.uuid, {"pid": d.process.pid, "parent": d.parent_uuid, "names": [], "cmdlines": []})
                if p["pid"] != d.process.pid:
                    errors.append("process track %d changed pid" % d.uuid)
                p["names"].append(d.process.process_name)
                p["cmdlines"].append(list(d.process.cmdline))
            elif d.HasField("thread"):
                t = threads.setdefault(d.uuid, {"pid": d.thread.pid, "tid": d.thread.tid, "parent": d.parent_uuid, "names": []})
                t["pid"] = d.thread.pid
                t["names"].append(d.thread.thread_name)
            else:
                errors.append("track %d is neither a process nor a thread" % d.uuid)
        elif packet.HasField("track_event"):
            e = packet.track_event
            if not packet.HasField("timestamp"):
                errors.append("track event %d has no timestamp" % index)
            events.append({
                "ts": packet.timestamp,
                "type": pb.TrackEvent.Type.Name(e.type),
                "track": e.track_uuid,
                "name": e.name if e.HasField("name") else None,
                "flow_ids": list(e.flow_ids),
                "terminating_flow_ids": list(e.terminating_flow_ids),
                "annotations": {a.name: annotation_value(a) for a in e.debug_annotations},
            })
        else:
            errors.append("packet %d is neither a track descriptor nor a track event" % index)

    known = set(processes) | set(threads)
    # Perfetto sorts events by timestamp before pairing them (stable: file order breaks ties).
    ordered = sorted(range(len(events)), key=lambda i: (events[i]["ts"], i))
    stacks = {}
    slices = []
    instants = []
    for i in ordered:
        e = events[i]
        if e["track"] not in known:
            errors.append("event on undescribed track %d" % e["track"])
        stack = stacks.setdefault(e["track"], [])
        if e["type"] == "TYPE_SLICE_BEGIN":
            s = {"track": e["track"], "name": e["name"], "begin": e["ts"], "end": None, "depth": len(stack),
                 "flow_ids": e["flow_ids"], "terminating_flow_ids": e["terminating_flow_ids"],
                 "annotations": dict(e["annotations"])}
            stack.append(s)
            slices.append(s)
        elif e["type"] == "TYPE_SLICE_END":
            if not stack:
                errors.append("END without BEGIN on track %d at %d" % (e["track"], e["ts"]))
                continue
            s = stack.pop()
            s["end"] = e["ts"]
            s["annotations"].update(e["annotations"])
            s["flow_ids"] += e["flow_ids"]
        elif e["type"] == "TYPE_INSTANT":
            instants.append({"track": e["track"], "name": e["name"], "ts": e["ts"], "annotations": e["annotations"]})
        else:
            errors.append("event of type %s" % e["type"])
    for track, stack in stacks.items():
        for s in stack:
            errors.append("slice %s on track %d never ends" % (s["name"], track))

    # uuids as strings: JSON object keys.
    json.dump({
        "packets": len(trace.packet),
        "sequences": sorted(sequences),
        "first_sequence_flags": first_flags,
        "processes": {str(k): v for k, v in processes.items()},
        "threads": {str(k): v for k, v in threads.items()},
        "slices": slices,
        "instants": instants,
        "errors": errors,
    }, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
