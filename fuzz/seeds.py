#!/usr/bin/env python3
"""Writes the seed corpora (fuzz/corpus/<harness>/) from the repository's fixtures: the seed
gazette, the demo CSVs, two small real captures in data/, the GTFS test feed of tests/transit/gtfs_test.cpp, the AVL fixes of
tests/http/transit_api_test.cpp. Run from the repository root; small on purpose (< 1 MB)."""
import io, json, os, subprocess, sys, zipfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = os.path.join(root, "fuzz", "corpus")


def put(harness, name, data):
    d = os.path.join(out, harness)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def zipped(entries, deflate=True):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED) as z:
        for name, text in entries:
            z.writestr(name, text)
    return b.getvalue()


def entries_text(entries):
    return "".join("@@ %s\n%s" % (n, t if t.endswith("\n") else t + "\n") for n, t in entries)


# --- gazette: pieces of the seed gazette (a notice head, tasks, the appendix ledger) -----------
gazette = open(os.path.join(root, "data/seed/sanmenxia-gazette-2024-02.txt"), encoding="utf-8").read()
lines = gazette.split("\n")
put("gazette", "notice-2.txt", "\n".join(lines[95:130]) + "\n")
put("gazette", "notice-3.txt", "\n".join(lines[178:215]) + "\n")
put("gazette", "notice-4.txt", "\n".join(lines[282:330]) + "\n")
put("gazette", "ledger.txt", "\n".join([lines[283]] + lines[500:530]) + "\n")
county = """# 灵宝市人民政府办公室 关于印发2025年重点工作分工方案的通知
灵政办[2025]7号
各乡（镇）人民政府，市人民政府各部门：
1. 加快推进苹果产业升级，新建标准化果园2万亩。(市农业农村局牵头，市林业局、财政局，各乡(镇)政府配合)
2. 做好城区道路提质工程
建设。（市住房城乡建设局牵头负责）
3. 推进全域旅游示范区创建，2025年6月底前完成，发车正点率不低于90%。（市文化广电旅游局、发展改革委按职责分工负责）
灵宝市人民政府办公室
2025年1月20日
"""
put("gazette", "county.txt", county)

# --- docx: document.xml as text (the harness packs it), and one real deflated package -------
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
def para(t):
    h = len(t) // 2
    return "<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr><w:r><w:t>%s</w:t></w:r><w:r><w:t xml:space=\"preserve\">%s</w:t></w:r></w:p>" % (t[:h], t[h:])
def doc(body):
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document %s><w:body>%s<w:sectPr/></w:body></w:document>' % (W, body)
table = "<w:tbl><w:tblPr/>" + "".join(
    "<w:tr>" + "".join("<w:tc><w:tcPr/>%s</w:tc>" % para(c) for c in row) + "</w:tr>"
    for row in [["序号", "项目（任务）", "责任领导", "责任单位"], ["1", "建设城区公交场站", "万战伟", "市交通运输局"]]) + "</w:tbl>"
notice = doc("".join(para(l) for l in county.strip().split("\n")[:4]) + table)
put("docx", "notice.xml", notice)
put("docx", "tabs-breaks.xml", doc("<w:p><w:r><w:t>一、</w:t><w:tab/><w:t>目标</w:t><w:br/><w:t>第二行</w:t></w:r></w:p><w:p><w:ins><w:r><w:t>修订</w:t></w:r></w:ins><w:hyperlink><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>"))
put("docx", "notice.docx", zipped([("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'), ("word/document.xml", notice)]))

# --- xlsx: the parts as text (packed by the harness), and one real deflated workbook ---------
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
workbook = '<?xml version="1.0"?><workbook %s %s><sheets><sheet name="项目台账" sheetId="1" r:id="rId1"/></sheets></workbook>' % (S, R)
rels = '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
shared = '<?xml version="1.0"?><sst %s count="5" uniqueCount="5"><si><t>序号</t></si><si><t>项目（任务）</t></si><si><t>责任领导</t></si><si><r><t>责任</t></r><r><t>单位</t></r></si><si><t>市交通运输局</t></si></sst>' % S
sheet = ('<?xml version="1.0"?><worksheet %s><sheetData>'
         '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>'
         '<row r="3"><c r="A3"><v>1</v></c><c r="B3" t="inlineStr"><is><t>建设城区公交场站</t></is></c><c r="C3" t="str"><v>万战伟</v></c><c r="AA3" t="s"><v>4</v></c></row>'
         '</sheetData></worksheet>') % S
parts = [("xl/worksheets/sheet1.xml", sheet), ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", rels), ("xl/sharedStrings.xml", shared)]
put("xlsx", "ledger.txt", sheet + "\n" + entries_text(parts[1:]))
put("xlsx", "sheet-only.txt", sheet + "\n")
put("xlsx", "ledger.xlsx", zipped(parts))

# --- csv: the demo imports and GTFS-shaped files (quotes, CRLF, BOM) -------------------------
entities = open(os.path.join(root, "data/demo/entities.csv"), encoding="utf-8").read().split("\n")
put("csv", "entities.csv", "\n".join(entities[:12]) + "\n")
put("csv", "inspectors.csv", open(os.path.join(root, "data/demo/inspectors.csv"), encoding="utf-8").read())
put("csv", "quoted.csv", '\ufeffstop_id,stop_name,stop_desc\r\nS1,"火车站","东广场, ""北""口"\r\n\r\nS2,市政府,"两行\r\n说明"\r\nS3\r\n')

# --- gtfs_zip: the valid base feed of gtfs_test.cpp as text, and the same feed zipped --------
feed = [
    ("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,三门峡公交,http://example.cn,Asia/Shanghai\n"),
    ("stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nS1,火车站,34.7700,111.1900\nS2,市政府,34.7730,111.1950\nS3,黄河公园,34.7760,111.2000\nS4,陕州公园,34.7790,111.2050\n"),
    ("routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,1,火车站—陕州公园,3\n"),
    ("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,0,0,20240101,20241231\n"),
    ("calendar_dates.txt", "service_id,date,exception_type\nWK,20240501,2\nWK,20240428,1\n"),
    ("trips.txt", "route_id,service_id,trip_id,shape_id,direction_id\nR1,WK,T1,SH1,0\nR1,WK,T2,SH1,0\n"),
    ("shapes.txt", "shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence,shape_dist_traveled\nSH1,34.7700,111.1900,1,0\nSH1,34.7790,111.2050,2,1000\n"),
    ("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence,shape_dist_traveled\nT1,06:00:00,06:00:00,S1,1,0\nT1,,,S2,2,100\nT1,,,S3,3,400\nT1,06:10:00,06:10:00,S4,4,1000\nT2,25:00:00,25:00:00,S1,1,0\nT2,25:12:00,25:12:00,S4,2,1000\n"),
    ("frequencies.txt", "trip_id,start_time,end_time,headway_secs\nT1,06:00:00,09:00:00,600\n"),
]
put("gtfs_zip", "base.txt", entries_text(feed))
put("gtfs_zip", "no-shapes.txt", entries_text([e for e in feed if e[0] not in ("shapes.txt", "frequencies.txt")]))
put("gtfs_zip", "base.zip", zipped(feed))

# --- gtfs_rt: FeedMessages encoded by protoc from text (positions, trip updates, an alert) ---
proto_dir = os.path.join(root, "src/transit")
def encode(text):
    return subprocess.run(["protoc", "--proto_path=" + proto_dir, "--encode=transit_realtime.FeedMessage",
                           "gtfs-realtime.proto"], input=text.encode(), capture_output=True, check=True).stdout
head = 'header { gtfs_realtime_version: "2.0" incrementality: FULL_DATASET timestamp: 1710893730 }\n'
put("gtfs_rt", "positions.pb", encode(head + '''
entity { id: "1208" vehicle { trip { trip_id: "T1" route_id: "R1" start_date: "20240320" direction_id: 0 }
  vehicle { id: "1208" label: "豫M1208" } position { latitude: 34.77 longitude: 111.19 bearing: 90 speed: 8.5 }
  current_stop_sequence: 2 stop_id: "S2" current_status: IN_TRANSIT_TO timestamp: 1710893700 occupancy_status: FEW_SEATS_AVAILABLE } }
entity { id: "bad" vehicle { vehicle { id: "1209" } position { latitude: 234 longitude: 111.19 } timestamp: 1710893700 } }
entity { id: "nopos" vehicle { vehicle { id: "1210" } timestamp: 1710893700 } }
'''))
put("gtfs_rt", "trip-updates.pb", encode(head + '''
entity { id: "tu1" trip_update { trip { trip_id: "T1" route_id: "R1" start_time: "06:00:00" start_date: "20240320" }
  vehicle { id: "1208" } timestamp: 1710893700
  stop_time_update { stop_sequence: 2 stop_id: "S2" arrival { delay: 60 } departure { time: 1710893800 } }
  stop_time_update { stop_sequence: 3 schedule_relationship: SKIPPED } } }
entity { id: "tu2" trip_update { trip { trip_id: "T2" schedule_relationship: CANCELED } } }
entity { id: "al1" alert { header_text { translation { text: "改道" language: "zh" } } } }
'''))
put("gtfs_rt", "empty.pb", encode(head))

# Two small real captures the transit tests read (data/README.md names their sources).
data = os.path.join(root, "data")
for harness, path in [("gtfs_rt", "gtfs-rt/septa.pbf"), ("gtfs_zip", "gtfs/google-sample-feed-1.zip")]:
    put(harness, os.path.basename(path), open(os.path.join(data, path), "rb").read())

# --- avl: the fixes of transit_api_test.cpp, one object and an array ------------------------
fixes = [{"vehicle": "1208", "lat": 34.77, "lon": 111.19, "time": 1710893670, "speed": 30, "route": "1"},
         {"vehicle": "1208", "lat": 34.771, "lon": 111.192, "time": "2024-03-20 08:15:30", "speed": 32,
          "route": "1", "trip": "T1", "heading": 90, "passengers": 12},
         {"vehicle": "1209", "lat": 234.0, "lon": 111.19, "time": 1710893730}]
put("avl", "array.json", json.dumps(fixes, ensure_ascii=False))
put("avl", "one.json", json.dumps(fixes[1], ensure_ascii=False))

# --- geojson: the demo's built-up area, a holed polygon, a collection with a bad feature --------
put("geojson", "demo-area.geojson", open(os.path.join(data, "demo", "built-up-area.geojson"), "rb").read())
square = [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], [[0.2, 0.2], [0.4, 0.2], [0.4, 0.4], [0.2, 0.2]]]
put("geojson", "holed.json", json.dumps({"type": "Polygon", "coordinates": square}))
put("geojson", "collection.json", json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [square]}},
    {"type": "Feature", "geometry": None}]}))

# --- json_body: request bodies of the API tests ----------------------------------------------
put("json_body", "login.json", '{"username":"admin","password":"Zhengtong@2024"}')
put("json_body", "report.json", json.dumps({"month": "2024-03", "progress": "已完成招标", "percent": 50, "reviewed": True,
                                            "units": ["市发展改革委", "市财政局"], "due": "2024-03-25", "note": None}, ensure_ascii=False))
put("json_body", "case.json", json.dumps({"title": "无证经营", "fine": 5000, "amount": 1.5e3, "entity_id": 7,
                                          "evidence": [{"kind": "photo", "id": 3}], "escaped": "\u5f20\\n\\u0000"}, ensure_ascii=False))

# --- http_request: raw requests as clients send them ----------------------------------------
put("http_request", "get.txt", "GET /api/v1/users/12?name=%E5%BC%A0&x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nCookie: a=b; zt_session=abc\r\nX-Request-Id: req-1\r\n\r\n")
put("http_request", "post.txt", 'POST /api/v1/auth/login HTTP/1.1\r\nHost: zt\r\nContent-Type: application/json\r\nContent-Length: 48\r\n\r\n{"username":"admin","password":"Zhengtong@2024"}')
put("http_request", "chunked.txt", "PUT /api/v1/supervision/tasks/3/reports/2024-03 HTTP/1.1\r\nHost: zt\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
put("http_request", "raw-utf8.txt", "GET /api/v1/transit/search?q=火车 站 HTTP/1.0\r\n\r\n")
put("http_request", "upgrade.txt", "GET /ws/transit HTTP/1.1\r\nHost: zt\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")

# --- set_partition: a CSPLib 022 instance, a wrapped ORLIB column, a fault -------------------
put("set_partition", "csplib022-t1.txt", open(os.path.join(data, "scheduling", "csplib022-t1.txt"), "rb").read())
put("set_partition", "wrapped.txt", "3 2\n2.5 2 0\n 1\r\n4 1 2\n")
put("set_partition", "bad-row.txt", "3 2 1\n1 1 0\n1 1 3\n")

# --- depots: two depots (one limited), a header in another order, a bad latitude ------------------
put("depots", "two.csv", "depot_id,depot_name,depot_lat,depot_lon,vehicles\nN,北车场,34.79,111.19,40\nE,,34.77,111.22,\n")
put("depots", "order.csv", "depot_lon,depot_lat,depot_id\n111.2,34.8,D1\n")
put("depots", "bad-lat.csv", "depot_id,depot_lat,depot_lon\nD1,95,111\n")

# --- demand_csv: a small profile with lengths, one without, a faulty row ------------------------
put("demand_csv", "profile.csv", "route_id,direction,hour,segment,load,length_km\nR,0,7,0,200,2\nR,0,7,1,400,3\n")
put("demand_csv", "no-length.csv", "route_id,direction,hour,segment,load\nR,1,8,0,80\n")
put("demand_csv", "bad-hour.csv", "route_id,direction,hour,segment,load\nR,0,24,0,1\n")
# --- jt808: terminal streams, the frames of tests/transit/jt808_codec_test.cpp --------------
jt808 = {
    "heartbeat-2013.bin": "7E 0002 0000 013800138000 0001 A9 7E",
    "location-2013-escaped.bin": "7E 0200 001C 013800138000 007D02 00000000 00000003 021230F3 06C5C918 007D01 0164 005A 240920103005 62 7E",
    "register-2019.bin": "7E 0100 4054 01 00000000013800138000 0005 0029 0514 5A54425553000000000000 "
                         "59542D383038000000000000000000000000000000000000000000000000 "
                         "543030303030310000000000000000000000000000000000000000000000 01 D4A54D3132333435 80 7E",
    "auth-2019.bin": "7E 0102 402C 01 00000000013800138000 0007 08 4155544831323334 "
                     "383630303030303030303030303031 56312E3000000000000000000000000000000000 81 7E",
    "location-2019-items.bin": "7E 0200 4027 01 00000000013800138000 0006 00000001 0000000F 0204CC00 09034554 0014 0000 "
                               "0167 240920023005 01 04 00003039 E5 03 010203 B5 7E",
    "batch-subpackages.bin": "7E 0704 201E 013800138000 0010 0002 0001 0002 00 001C 00000000 00000003 021230F3 06C5C918 "
                             "0064 00C8 002D 240920 D4 7E 7E 0704 2021 013800138000 0011 0002 0002 103005 001C 00000000 "
                             "00000003 021230F3 06C5C918 0064 00C8 002D 240920103005 EB 7E",
}
for name, text in jt808.items():
    put("jt808", name, bytes.fromhex(text.replace(" ", "")))

# --- fare_taps: a clearing-system export (Chinese headers) and a TIDES fare_transactions CSV -----
put("fare_taps", "clearing.csv", "交易流水号,交易时间,车辆编号,线路,卡号,支付方式\n"
    "A1,2024-05-06 07:31:05,豫M1234,1,31040000123456,交通一卡通\n"
    "A2,20240506073210,豫M1234,1,wx-9f8e,二维码\nA3,2024-05-06 07:33:00,豫M1234,1,,现金\n"
    "A4,2024-05-06 25:33:00,,1,6222,银联卡\n")
put("fare_taps", "tides.csv", "transaction_id,service_date,event_timestamp,amount,fare_action,"
    "vehicle_id,fare_media_id,fare_capped,token_id\n"
    "t1,2024-05-06,2024-05-06T07:31:05+08:00,2,Enter,V1,Smart card or ticket,false,card-1\n"
    "t2,2024-05-06,2024-05-05T23:32:00.5Z,2,Transfer entrance,V1,Optical scan,false,acct-2\n"
    "t3,2024-05-06,2024-05-06T07:40:00+08:00,50,Add,,Smart card or ticket,false,card-1\n")
# --- count_files: TIDES passenger_events and stop_visits counts, with a bad row each -------------
put("count_files", "passenger_events.csv", "passenger_event_id,service_date,event_timestamp,"
    "trip_stop_sequence,event_type,vehicle_id,stop_id,event_count\n"
    "1,2024-05-06,2024-05-06T07:00:12+08:00,1,Passenger boarded,BUS1,S0,3\n"
    "2,2024-05-06,2024-05-06 07:01:30,2,Passenger alighted,BUS1,,\n"
    "3,2024-05-06,2024-05-06T07:01:31Z,2,Door closed,BUS1,S1,\n"
    "4,2024-05-06,07:02,3,Passenger flew,,S2,-1\n")
put("count_files", "stop_visits.csv", "vehicle_id,stop_id,actual_arrival_time,"
    "actual_departure_time,boarding_1,alighting_1,boarding_2,alighting_2\n"
    "BUS1,S0,,2024-05-06T07:00:20+08:00,4,0,1,\n\"BUS,2\",S1,2024-05-06T07:01:30+08:00,,0,2,,3\n"
    "BUS1,S2,,,x,0,0,0\n")
# --- tides: the three tables as tides_test.cpp writes and refuses them (CRLF, quotes, a gap) -----
put("tides", "trips_performed.csv",
    "service_date,trip_id_performed,vehicle_id,trip_id_scheduled,route_id,route_type,direction_id,"
    "block_id,trip_start_stop_id,trip_end_stop_id,schedule_trip_start,schedule_trip_end,"
    "actual_trip_start,actual_trip_end,trip_type,schedule_relationship\r\n"
    "2024-03-20,T1-V1,V1,T1,R1,Bus,0,B1,S1,S4,2024-03-20T07:00:00+08:00,2024-03-20T07:30:00+08:00,"
    "2024-03-20T07:01:30+08:00,2024-03-20T07:33:00+08:00,In service,Scheduled\r\n"
    "2024-03-20,T2,,T2,R1,Bus,1,,,,2024-03-20T08:00:00+08:00,,,,In service,Canceled\r\n"
    "2024-03-20,X1,\"V,2\",,R2,Bus,,,,,,,2024-03-20T09:00:00.5Z,,In service,Added\r\n")
put("tides", "stop_visits.csv",
    "service_date,trip_id_performed,trip_stop_sequence,scheduled_stop_sequence,vehicle_id,dwell,"
    "stop_id,timepoint,schedule_arrival_time,schedule_departure_time,actual_arrival_time,"
    "actual_departure_time,schedule_relationship\n"
    "2024-03-20,T1,1,1,V1,,S1,true,,,,2024-03-20T07:01:30+08:00,Scheduled\n"
    "2024-03-20,T1,2,2,V1,30,S2,false,,,2024-03-20T07:07:00+08:00,2024-03-20T07:07:30+08:00,Scheduled\n")
put("tides", "vehicle_locations.csv",
    "location_ping_id,service_date,event_timestamp,trip_id_scheduled,vehicle_id,stop_id,"
    "current_status,latitude,longitude,heading,speed\n"
    "V1-1,2024-03-20,2024-03-20T07:01:00+08:00,T1,V1,S1,Stopped at,34.770000,111.180000,90,1.5\n"
    "V1-2,2024-03-20,2024-03-20T07:02:00-03:00,,V1,,In transit to,-34.1,-111.2,,\n")
put("tides", "bad-rows.csv",
    "service_date,trip_id_performed,vehicle_id,scheduled_stop_sequence,actual_departure_time,"
    "event_timestamp,latitude,longitude\n"
    "2024-02-30,T1,V1,x,07:07:30,2024-03-20 07:01,95,east\n")
