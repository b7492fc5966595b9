"""Interface text in Vietnamese (first) and English."""

from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "app_title": {"vi": "Chuyển đổi số Quảng Ninh", "en": "Quảng Ninh digital transformation"},
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "period": {"vi": "Kỳ báo cáo", "en": "Month"},
    "indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "page_overview": {"vi": "Tổng quan", "en": "Overview"},
    "overview_like_for_like": {
        "vi": "Thay đổi so với tháng trước và cùng kỳ năm trước được tính trên cùng các đơn vị có số liệu ở cả "
        "hai tháng, nên một đơn vị chưa báo cáo không làm tổng của tỉnh giảm theo.",
        "en": "Changes on last month and on last year compare the same units, those with a figure in both "
        "months, so a unit that has not reported does not pull the province total down.",
    },
    "overview_heading": {"vi": "Toàn tỉnh, {month}", "en": "Province, {month}"},
    "sample_notice": {
        "vi": "Dữ liệu mẫu: số liệu mô phỏng để trình diễn, không phải số liệu chính thức.",
        "en": "Sample data: simulated figures for demonstration, not official statistics.",
    },
    "sample_badge": {"vi": "Dữ liệu mẫu", "en": "Sample data"},
    "col_indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "col_value": {"vi": "Giá trị", "en": "Value"},
    "col_numerator": {"vi": "Tử số", "en": "Numerator"},
    "col_denominator": {"vi": "Mẫu số", "en": "Denominator"},
    "col_vs_previous": {"vi": "So với tháng trước", "en": "vs previous month"},
    "col_vs_last_year": {"vi": "So với cùng kỳ năm trước", "en": "vs same month last year"},
    "col_reporting": {"vi": "Đơn vị báo cáo", "en": "Units reporting"},
    "reporting_of": {"vi": "{n}/{total}", "en": "{n} of {total}"},
    "edition_note": {
        "vi": "Bản đồ hành chính {edition}: {units} đơn vị cấp xã.",
        "en": "Commune map of {edition}: {units} units.",
    },
    "trend_title": {"vi": "{name}: toàn tỉnh theo tháng", "en": "{name}: province, monthly"},
    "target": {"vi": "Mục tiêu", "en": "Target"},
    "target_example": {"vi": "Mục tiêu (ví dụ)", "en": "Target (example)"},
    "province": {"vi": "Toàn tỉnh", "en": "Province"},
    "month_axis": {"vi": "Tháng", "en": "Month"},
    "no_warehouse": {
        "vi": "Chưa có kho dữ liệu tại {path}. Chạy `python -m etl sample --db {path}` để tạo dữ liệu mẫu.",
        "en": "No warehouse at {path}. Run `python -m etl sample --db {path}` to build the sample data.",
    },
    "no_data": {
        "vi": "Kho dữ liệu chưa có số liệu. Hãy nạp báo cáo tháng (`python -m etl load`) "
        "hoặc dữ liệu mẫu (`python -m etl sample`).",
        "en": "The warehouse has no figures yet. Load a monthly report (`python -m etl load`) "
        "or the sample data (`python -m etl sample`).",
    },
    "source_note": {
        "vi": "Nguồn: báo cáo tháng của các đơn vị hành chính cấp xã. Tỷ lệ toàn tỉnh = tổng tử số / tổng mẫu số.",
        "en": "Source: monthly reports of the commune-level units. "
        "Province rate = sum of numerators / sum of denominators.",
    },
    "page_upload": {"vi": "Nạp báo cáo", "en": "Upload reports"},
    "upload_title": {"vi": "Nạp báo cáo tháng", "en": "Upload monthly reports"},
    "upload_not_allowed": {
        "vi": "Bạn không có quyền nạp số liệu.",
        "en": "You are not allowed to upload figures.",
    },
    "upload_files": {
        "vi": "Kéo thả tệp báo cáo (.xlsx, .xls, .ods, .csv)",
        "en": "Drop report files (.xlsx, .xls, .ods, .csv)",
    },
    "upload_period": {
        "vi": "Kỳ báo cáo (nếu tệp không ghi), dạng 2024-03",
        "en": "Month (if the file lacks it), as 2024-03",
    },
    "upload_user": {"vi": "Người nạp", "en": "Uploaded by"},
    "upload_skip_invalid": {"vi": "Chỉ nạp các số liệu hợp lệ", "en": "Load only the valid figures"},
    "upload_bad_period": {
        "vi": "Kỳ báo cáo phải có dạng YYYY-MM, ví dụ 2024-03.",
        "en": "The month must be YYYY-MM, e.g. 2024-03.",
    },
    "upload_user_needed": {"vi": "Nhập tên người nạp trước khi nạp.", "en": "Enter who is uploading before loading."},
    "upload_summary": {
        "vi": "{period} · bản đồ {edition} · {figures} số liệu hợp lệ · {errors} lỗi · {warnings} cảnh báo",
        "en": "{period} · {edition} map · {figures} valid figures · {errors} errors · {warnings} warnings",
    },
    "upload_findings": {"vi": "Kết quả kiểm tra", "en": "Check results"},
    "upload_preview": {"vi": "Xem trước (ô đỏ: lỗi, ô vàng: cảnh báo)", "en": "Preview (red: error, amber: warning)"},
    "upload_map_columns": {"vi": "Ghép cột chưa nhận ra", "en": "Map unrecognised columns"},
    "upload_map_units": {"vi": "Ghép tên đơn vị chưa nhận ra", "en": "Match unrecognised unit names"},
    "upload_ignore": {"vi": "(bỏ qua)", "en": "(ignore)"},
    "upload_load": {"vi": "Nạp tệp này", "en": "Load this file"},
    "upload_blocked": {
        "vi": "Tệp có lỗi: sửa tệp, ghép thủ công, hoặc chọn “Chỉ nạp các số liệu hợp lệ”.",
        "en": "The file has errors: fix it, map by hand, or choose “Load only the valid figures”.",
    },
    "upload_receipt": {
        "vi": "Đã nạp lần #{upload_id}: {file}, {period}, {loaded} số liệu (bỏ {rejected}). Mã kiểm tra SHA-256 {sha}.",
        "en": "Loaded as upload #{upload_id}: {file}, {period}, {loaded} figures ({rejected} left out). SHA-256 {sha}.",
    },
    "upload_rejected": {"vi": "Không nạp: {file}.", "en": "Not loaded: {file}."},
    "upload_unreadable": {"vi": "Không đọc được tệp {file}: {message}", "en": "Cannot read {file}: {message}"},
    "history_title": {"vi": "Lịch sử nạp", "en": "Upload history"},
    "history_revert": {"vi": "Hoàn tác lần nạp", "en": "Revert upload"},
    "history_revert_button": {"vi": "Hoàn tác", "en": "Revert"},
    "history_reverted": {"vi": "Đã hoàn tác lần nạp #{upload_id}.", "en": "Upload #{upload_id} reverted."},
    "completeness_title": {"vi": "Đơn vị đã báo cáo", "en": "Who has reported"},
    "completeness_summary": {
        "vi": "{reported}/{total} đơn vị có số liệu {month}.",
        "en": "{reported} of {total} units have figures for {month}.",
    },
    "rank": {"vi": "Xếp hạng", "en": "Rank"},
    "page_trends": {"vi": "Xu hướng", "en": "Trends"},
    "trends_title": {"vi": "{name} theo {step}", "en": "{name} by {step}"},
    "trends_level": {"vi": "So sánh", "en": "Compare"},
    "trends_province": {"vi": "Toàn tỉnh", "en": "Province"},
    "trends_districts": {"vi": "Các huyện, thị xã, thành phố", "en": "Districts"},
    "partial_period": {"vi": "{label} ({n} tháng)", "en": "{label} ({n} months)"},
    "trends_districts_note": {
        "vi": "Cấp huyện không còn từ 01/07/2025 (Nghị quyết 1679/NQ-UBTVQH15): các đường dừng ở tháng 06/2025.",
        "en": "Districts were abolished on 1 July 2025 (Resolution 1679/NQ-UBTVQH15): the lines end in June 2025.",
    },
    "trends_units": {"vi": "Các xã, phường đã chọn", "en": "Chosen communes"},
    "trends_choose_units": {"vi": "Chọn xã, phường (bản đồ {edition})", "en": "Choose communes ({edition} map)"},
    "page_rankings": {"vi": "Xếp hạng", "en": "Rankings"},
    "rankings_title": {"vi": "{name}: xếp hạng {month}", "en": "{name}: ranking, {month}"},
    "rankings_target": {"vi": "Mục tiêu năm {year}: {target}{example}", "en": "Target for {year}: {target}{example}"},
    "rankings_no_target": {"vi": "Chưa có mục tiêu cho chỉ tiêu này.", "en": "No target set for this indicator."},
    "example_suffix": {"vi": " (ví dụ)", "en": " (example)"},
    "col_unit": {"vi": "Đơn vị", "en": "Unit"},
    "col_light": {"vi": "Đánh giá", "en": "Status"},
    "col_gap": {"vi": "Chênh lệch với mục tiêu", "en": "Gap to target"},
    "col_change_year": {"vi": "Thay đổi trong 12 tháng", "en": "Change over 12 months"},
    "most_improved_none": {
        "vi": "Không đơn vị nào tăng so với cùng kỳ năm trước.",
        "en": "No unit rose on the same month last year.",
    },
    "rankings_unranked": {
        "vi": "{n} đơn vị chưa có số liệu tháng này nên không được xếp hạng: {names}.",
        "en": "{n} units have no figure this month and are not ranked: {names}.",
    },
    "col_reached_help": {
        "vi": "Tháng đạt mục tiêu nếu giữ tốc độ bình quân của 6 tháng gần nhất (đường xu hướng bình phương nhỏ "
        "nhất); 'không đạt với tốc độ này' khi tốc độ không tăng hoặc cần hơn 10 năm.",
        "en": "The month the target is reached if the average pace of the last 6 months (a least-squares trend) "
        "holds; 'not at this pace' when that pace is not rising or would need more than 10 years.",
    },
    "col_reached": {"vi": "Đạt mục tiêu (theo tốc độ hiện nay)", "en": "Target reached (at the current pace)"},
    "reached_met": {"vi": "đã đạt", "en": "met"},
    "reached_never": {"vi": "không đạt với tốc độ này", "en": "not at this pace"},
    "light_green": {"vi": "🟢 đạt", "en": "🟢 on target"},
    "light_amber": {"vi": "🟡 gần đạt", "en": "🟡 close"},
    "light_red": {"vi": "🔴 chưa đạt", "en": "🔴 behind"},
    "light_none": {"vi": "–", "en": "–"},
    "most_improved": {"vi": "Tiến bộ nhiều nhất trong 12 tháng", "en": "Most improved over 12 months"},
    "page_profile": {"vi": "Hồ sơ đơn vị", "en": "Unit profile"},
    "profile_choose": {"vi": "Đơn vị (bản đồ {edition})", "en": "Unit ({edition} map)"},
    "profile_heading": {"vi": "{name} · {district}", "en": "{name} · {district}"},
    "profile_all_indicators": {"vi": "{name}: các chỉ tiêu theo tháng", "en": "{name}: every indicator by month"},
    "profile_no_report": {
        "vi": "Đơn vị chưa có số liệu {month}; biểu đồ dưới đây dừng ở tháng cuối cùng có báo cáo.",
        "en": "No figures from this unit for {month}; the charts below end at its last report.",
    },
    "profile_rank_line": {"vi": "Hạng {rank} trong các {type}", "en": "Rank {rank} among {type}"},
    "profile_came_from": {"vi": "Hình thành từ", "en": "Came from"},
    "profile_became": {"vi": "Trở thành", "en": "Became"},
    # Nothing before the 2020 map is kept; nothing after the map in force exists yet.
    "profile_no_earlier": {"vi": "đơn vị của bản đồ đầu tiên (2020)", "en": "a unit of the first map (2020)"},
    "profile_no_later": {"vi": "vẫn là đơn vị hiện hành", "en": "still a unit of the map in force"},
    "estimate_short": {"vi": "ước tính", "en": "estimate"},
    "page_completeness": {"vi": "Tình hình báo cáo", "en": "Reporting"},
    "completeness_heatmap": {
        "vi": "Số chỉ tiêu đã báo cáo, {first} – {month} (bản đồ {edition}; tối đa 12 tháng của bản đồ này)",
        "en": "Indicators reported, {first} – {month} ({edition} map; up to 12 months of this map)",
    },
    "completeness_missing": {"vi": "Đơn vị còn thiếu số liệu {month}", "en": "Units missing figures for {month}"},
    "completeness_all_in": {"vi": "Tất cả đơn vị đã báo cáo đủ.", "en": "Every unit has reported everything."},
    "col_district": {"vi": "Huyện", "en": "District"},
    "missing_all": {"vi": "Cả {n} chỉ tiêu (chưa gửi báo cáo)", "en": "All {n} indicators (no report sent)"},
    "col_missing": {"vi": "Còn thiếu", "en": "Missing"},
    "col_code": {"vi": "Mã", "en": "Code"},
    "severity_error": {"vi": "lỗi", "en": "error"},
    "severity_warning": {"vi": "cảnh báo", "en": "warning"},
    "col_severity": {"vi": "Mức", "en": "Severity"},
    "col_sheet": {"vi": "Sheet", "en": "Sheet"},
    "col_cell": {"vi": "Ô", "en": "Cell"},
    "col_message": {"vi": "Nội dung", "en": "Message"},
    "missing_units_summary": {
        "vi": "{count} đơn vị không có trong báo cáo (xem “Đơn vị đã báo cáo” bên dưới).",
        "en": "{count} units are not in the report (see “Who has reported” below).",
    },
    "col_upload": {"vi": "Lần nạp", "en": "Upload"},
    "col_time": {"vi": "Thời gian", "en": "Time"},
    "col_user": {"vi": "Người nạp", "en": "Uploaded by"},
    "col_file": {"vi": "Tệp", "en": "File"},
    "col_period": {"vi": "Kỳ", "en": "Month"},
    "col_loaded": {"vi": "Số liệu nạp", "en": "Figures loaded"},
    "col_current": {"vi": "Còn hiệu lực", "en": "Still current"},
    "col_status": {"vi": "Trạng thái", "en": "Status"},
    "sample_upload_name": {"vi": "Bộ dữ liệu mẫu", "en": "Sample dataset"},
    "status_sample": {"vi": "dữ liệu mẫu", "en": "sample data"},
    "status_reverted": {"vi": "đã hoàn tác {when} ({who})", "en": "reverted {when} ({who})"},
    "status_partial": {"vi": "chỉ nạp số liệu hợp lệ", "en": "valid figures only"},
    "status_active": {"vi": "hiệu lực", "en": "active"},
    "go_upload": {"vi": "Đến trang nạp báo cáo", "en": "Go to the upload page"},
    "trends_series": {"vi": "Chuỗi", "en": "Series"},
    "trends_estimate": {"vi": "Ước tính", "en": "Estimate"},
    "yes": {"vi": "có", "en": "yes"},
    "trends_frequency": {"vi": "Chu kỳ", "en": "Step"},
    "step_month": {"vi": "tháng", "en": "month"},
    "step_quarter": {"vi": "quý", "en": "quarter"},
    "step_year": {"vi": "năm", "en": "year"},
    "trends_estimate_note": {
        "vi": "Điểm rỗng: số liệu ước tính, chuyển qua bảng chuyển đổi khi đơn vị bị chia tách.",
        "en": "Hollow points: estimates, carried through the crosswalk where a unit was divided.",
    },
    "trends_flow_stock": {
        "vi": "Chỉ tiêu dòng cộng dồn các tháng; chỉ tiêu tồn lấy tháng cuối kỳ.",
        "en": "Flows add up over the months; stocks take the last month of the period.",
    },
    "trend_incomplete_legend": {"vi": "Tháng thiếu báo cáo", "en": "Month with missing reports"},
    "trend_incomplete_short": {"vi": "{n}/{total} đơn vị báo cáo", "en": "{n} of {total} units reported"},
    "trend_incomplete": {
        "vi": "Chỉ {n}/{total} đơn vị báo cáo: tổng của tỉnh thiếu các đơn vị còn lại",
        "en": "Only {n} of {total} units reported: the province total lacks the others",
    },
    "no_change": {
        "vi": "Không có số liệu tháng trước để so sánh",
        "en": "No figure last month to compare with",
    },
    "no_figure": {"vi": "Chưa có số liệu tháng này", "en": "No figure this month"},
    "estimate_note": {
        "vi": "Ước tính: đơn vị bị chia tách, số liệu phân bổ theo tỷ lệ.",
        "en": "Estimate: a divided unit, figures apportioned by share.",
    },
    "page_map": {"vi": "Bản đồ", "en": "Map"},
    "map_title": {"vi": "{name}, {month}", "en": "{name}, {month}"},
    "map_change_title": {
        "vi": "{name}: thay đổi so với tháng trước, {month}",
        "en": "{name}: change since last month, {month}",
    },
    "map_shape": {"vi": "Kiểu bản đồ", "en": "Map type"},
    "map_hexagons": {"vi": "Lục giác (diện tích bằng nhau)", "en": "Hexagons (equal area)"},
    "map_geographic": {"vi": "Ranh giới hành chính", "en": "Administrative boundaries"},
    "map_mode": {"vi": "Hiển thị", "en": "Show"},
    "map_mode_value": {"vi": "Giá trị", "en": "Value"},
    "map_mode_change": {"vi": "Thay đổi so với tháng trước", "en": "Change since last month"},
    "map_level": {"vi": "Cấp", "en": "Level"},
    "map_level_units": {"vi": "Xã, phường", "en": "Communes"},
    "map_level_districts": {"vi": "Huyện, thị xã, thành phố", "en": "Districts"},
    "map_scale": {"vi": "Thang màu", "en": "Colour scale"},
    "map_scale_fixed": {"vi": "Cố định 0–100%", "en": "Fixed 0–100%"},
    "map_scale_data": {"vi": "Theo số liệu", "en": "Fitted to the data"},
    "map_scale_quantiles": {"vi": "5 nhóm theo phân vị", "en": "5 quantile classes"},
    "map_scale_change_help": {
        "vi": "Bản đồ thay đổi luôn lấy 0 làm giữa: đỏ là giảm, xanh là tăng.",
        "en": "A change map is always centred on zero: red for falls, blue for rises.",
    },
    "map_no_boundaries": {
        "vi": "Chưa nhập ranh giới cho bản đồ {edition}; đang hiển thị bản đồ lục giác.",
        "en": "No boundaries imported for the {edition} map; showing hexagons.",
    },
    "map_note": {
        "vi": "Nguồn: báo cáo tháng của các đơn vị hành chính cấp xã · {month} · bản đồ {edition} · màu xám: chưa có "
        "số liệu{sample}",
        "en": "Source: monthly reports of the commune-level units · {month} · {edition} map · grey: no figure{sample}",
    },
    # Exports (issue 5): downloads under each chart, `python -m reports`.
    "col_note": {"vi": "Ghi chú", "en": "Note"},
    "col_pace": {"vi": "Tốc độ mỗi tháng", "en": "Pace per month"},
    "export_points": {"vi": "điểm %", "en": "pp"},
    "export_map_period": {
        "vi": "{month} · bản đồ {edition} ({units} đơn vị)",
        "en": "{month} · {edition} map ({units} units)",
    },
    "download_png": {"vi": "Ảnh PNG (in, 300 dpi)", "en": "PNG image (print, 300 dpi)"},
    "download_svg": {"vi": "Ảnh SVG", "en": "SVG image"},
    "download_pdf": {"vi": "PDF (A4 ngang)", "en": "PDF (A4 landscape)"},
    "download_csv": {"vi": "Dữ liệu CSV", "en": "Data as CSV"},
    "download_xlsx": {"vi": "Dữ liệu Excel", "en": "Data as Excel"},
    "download_help": {
        "vi": "Ảnh được tạo khi bấm tải, kèm tiêu đề, kỳ báo cáo và nguồn.",
        "en": "The image is drawn when you download it, with title, period and source.",
    },
    "export_unknown_kpi": {
        "vi": "Không có chỉ tiêu “{kpi}”. Các chỉ tiêu: {known}.",
        "en": "No indicator “{kpi}”. Indicators: {known}.",
    },
    "export_unknown_kind": {
        "vi": "Không có loại biểu đồ “{kind}” (chọn: {known}).",
        "en": "No chart kind “{kind}” (choose: {known}).",
    },
    "export_no_month": {
        "vi": "Kho dữ liệu không có số liệu tháng {month} (có các tháng {known}).",
        "en": "The warehouse has no figures for {month} (months available: {known}).",
    },
    "export_bad_period": {
        "vi": "Kỳ báo cáo phải có dạng YYYY-MM, ví dụ 2024-03 (nhận được “{value}”).",
        "en": "The month must be YYYY-MM, e.g. 2024-03 (got “{value}”).",
    },
    "export_bad_option": {
        "vi": "Giá trị “{value}” không hợp lệ cho {option} (chọn: {known}).",
        "en": "“{value}” is not a valid {option} (choose: {known}).",
    },
    "export_no_districts": {
        "vi": "Bản đồ {edition} không có cấp huyện.",
        "en": "The {edition} map has no districts.",
    },
    "export_no_warehouse": {
        "vi": "Không tìm thấy kho dữ liệu {path}.",
        "en": "No warehouse at {path}.",
    },
    "export_written": {"vi": "Đã ghi {path} ({size} byte).", "en": "Wrote {path} ({size} bytes)."},
    "export_no_boundaries": {
        "vi": "Chưa nhập ranh giới cho bản đồ {edition}: dùng --shape hexagons, hoặc nhập ranh giới bằng "
        "`python -m geo import`.",
        "en": "No boundaries imported for the {edition} map: use --shape hexagons, or import them with "
        "`python -m geo import`.",
    },
    "export_bad_out": {
        "vi": "Không ghi được vào {path}: {reason}.",
        "en": "Cannot write to {path}: {reason}.",
    },
    "export_failed": {"vi": "Không tạo được tệp: {error}", "en": "Could not write the file: {error}"},
    # Briefing pack (reports/briefing.py, reports/pdf.py, reports/pptx.py, views/briefing.py)
    "page_briefing": {"vi": "Bản tin", "en": "Briefing pack"},
    "briefing_title": {"vi": "Bản tin chuyển đổi số", "en": "Digital transformation briefing"},
    "briefing_intro": {
        "vi": "Bản tin một tháng (PDF hoặc PowerPoint): tổng hợp so với mục tiêu, bản đồ, xu hướng, "
        "đơn vị cao nhất và thấp nhất của từng chỉ tiêu, tình hình báo cáo và ghi chú về số liệu.",
        "en": "A month's briefing pack (PDF or PowerPoint): summary against targets, and for each indicator a map, "
        "a trend and the top and bottom units, then reporting completeness and notes on the figures.",
    },
    "briefing_province": {"vi": "Toàn tỉnh Quảng Ninh", "en": "Quảng Ninh province"},
    "briefing_scope": {"vi": "Phạm vi", "en": "Scope"},
    "briefing_scope_district": {"vi": "{name} (cả huyện)", "en": "{name} (whole district)"},
    "briefing_pack_language": {"vi": "Ngôn ngữ của bản tin", "en": "Language of the pack"},
    "briefing_format": {"vi": "Định dạng", "en": "Format"},
    "briefing_build": {"vi": "Tạo bản tin", "en": "Build the briefing"},
    "briefing_building": {"vi": "Đang tạo bản tin…", "en": "Building the briefing…"},
    "briefing_download": {"vi": "Tải bản tin ({fmt})", "en": "Download the briefing ({fmt})"},
    "briefing_edition": {"vi": "Bản đồ hành chính {edition}", "en": "{edition} commune map"},
    "briefing_produced": {"vi": "Lập ngày {when}", "en": "Produced {when}"},
    "briefing_summary": {"vi": "Các chỉ tiêu so với mục tiêu, {month}", "en": "Indicators against targets, {month}"},
    "briefing_map": {"vi": "{name}: bản đồ", "en": "{name}: map"},
    "briefing_trend": {"vi": "{name}: diễn biến {months} tháng", "en": "{name}: the last {months} months"},
    "briefing_top": {"vi": "{n} đơn vị cao nhất", "en": "Top {n} units"},
    "briefing_bottom": {"vi": "{n} đơn vị thấp nhất", "en": "Bottom {n} units"},
    "briefing_own_rank": {"vi": "{name}: hạng {rank}/{total}", "en": "{name}: rank {rank} of {total}"},
    "briefing_no_ranking": {"vi": "Chưa có đơn vị nào có số liệu.", "en": "No unit has a figure."},
    "briefing_source": {
        "vi": "Nguồn: báo cáo tháng của các đơn vị hành chính cấp xã · bản đồ {edition}",
        "en": "Source: monthly reports of the commune-level units · {edition} map",
    },
    "briefing_missing_more": {"vi": "… và {n} đơn vị khác.", "en": "… and {n} more units."},
    "briefing_notes": {"vi": "Ghi chú về số liệu", "en": "Notes on the figures"},
    "briefing_note_edition_2020": {
        "vi": "Bản đồ 2020: 177 đơn vị cấp xã trong 13 huyện, thị xã, thành phố (sau sắp xếp 2019–2020), "
        "hiệu lực đến 31/10/2024.",
        "en": "2020 map: 177 communes in 13 districts (after the 2019–2020 mergers), in force until 31 Oct 2024.",
    },
    "briefing_note_edition_2024": {
        "vi": "Bản đồ 2024: 171 đơn vị cấp xã theo Nghị quyết 1199/NQ-UBTVQH15, hiệu lực 01/11/2024 – 30/06/2025.",
        "en": "2024 map: 171 communes (Resolution 1199/NQ-UBTVQH15), in force 1 Nov 2024 – 30 Jun 2025.",
    },
    "briefing_note_edition_2025": {
        "vi": "Bản đồ 2025: 54 đơn vị (phường, xã, đặc khu), không còn cấp huyện, theo Nghị quyết "
        "1679/NQ-UBTVQH15, hiệu lực từ 01/07/2025.",
        "en": "2025 map: 54 units (wards, communes, special zones), no districts (Resolution 1679/NQ-UBTVQH15), "
        "in force from 1 Jul 2025.",
    },
    "briefing_note_reform": {
        "vi": "Số liệu các tháng trước {month} (bản đồ {old}) được chuyển sang bản đồ {edition} qua bảng chuyển đổi: "
        "đơn vị giữ nguyên hoặc sáp nhập được cộng đủ; không chuyển ngược.",
        "en": "Figures of the months before {month} ({old} map) are carried into the {edition} map through the "
        "crosswalk: whole or merged units exactly; nothing is carried backwards.",
    },
    "briefing_note_estimates": {
        "vi": "Ước tính: {count} đơn vị trong bản tin có số liệu chuyển từ đơn vị cũ bị chia tách, phân bổ theo "
        "tỷ lệ dân số của từng phần (chia đều khi chưa có số dân).",
        "en": "Estimates: {count} units in this pack have figures carried from a divided unit, apportioned by each "
        "part's share of its population (equal shares where populations are not known).",
    },
    "briefing_note_no_estimates": {
        "vi": "Không có số liệu ước tính trong bản tin này (chỉ đơn vị bị chia tách mới phải phân bổ theo tỷ lệ).",
        "en": "No figure in this pack is an estimate (only divided units are apportioned by share).",
    },
    "briefing_note_targets": {
        "vi": "Mục tiêu là mục tiêu năm của toàn tỉnh; chênh lệch = giá trị − mục tiêu.",
        "en": "Targets are the province's targets for the year; gap = value − target.",
    },
    "briefing_note_targets_example": {
        "vi": "Các mục tiêu hiện có là giá trị ví dụ, chưa phải mục tiêu chính thức.",
        "en": "The targets on file are example values, not official targets.",
    },
    "briefing_note_months": {
        "vi": "Giá trị là số liệu của tháng: chỉ tiêu dòng (hồ sơ, thanh toán) tính trong tháng, chỉ tiêu tồn "
        "(thẻ, tài khoản, tổ) tính tại cuối tháng.",
        "en": "Values are the month's figures: flows (dossiers, payments) within the month, stocks (cards, "
        "accounts, teams) at its end.",
    },
    "briefing_page": {"vi": "Trang {page}/{pages}", "en": "Page {page} of {pages}"},
    "briefing_sample_mark": {"vi": "Dữ liệu mẫu / Sample data", "en": "Sample data / Dữ liệu mẫu"},
    "briefing_error_empty": {"vi": "Kho dữ liệu chưa có số liệu.", "en": "The warehouse has no figures."},
    "briefing_error_month": {"vi": "Không có số liệu {month}.", "en": "There are no figures for {month}."},
    "briefing_error_scope": {
        "vi": "Không có huyện hay đơn vị mã “{scope}” trên bản đồ {edition} ({month}).",
        "en": "No district or unit has the code “{scope}” on the {edition} map ({month}).",
    },
    "briefing_error_format": {
        "vi": "Định dạng “{fmt}” không hỗ trợ (chọn: {known}).",
        "en": "Format “{fmt}” is not supported (choose: {known}).",
    },
    "briefing_error_language": {
        "vi": "Ngôn ngữ “{lang}” không hỗ trợ (chọn: {known}).",
        "en": "Language “{lang}” is not supported (choose: {known}).",
    },
}


def t(key: str, lang: str, **values: object) -> str:
    entry = TEXT[key]
    text = entry.get(lang) or entry["vi"]
    return text.format(**values) if values else text


def indicator_name(row: dict | object, lang: str, short: bool = False) -> str:
    """Name of an indicator row from the catalogue (a mapping or a namedtuple)."""
    field = f"{'short' if short else 'name'}_{lang if lang in ('vi', 'en') else 'vi'}"
    return row[field] if isinstance(row, dict) else getattr(row, field)
