"""Findings of the upload check, each naming sheet, row and column as Excel shows them, in both languages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from etl.sheet import column_letter

# code → (severity, Vietnamese, English); the texts are str.format templates.
MESSAGES: dict[str, tuple[str, str, str]] = {
    "unknown_unit": (
        "error",
        "Không nhận ra đơn vị “{text}” trong bản đồ {edition}.{hint_vi}",
        "Unit “{text}” is not in the {edition} commune map.{hint_en}",
    ),
    "ambiguous_unit": (
        "error",
        "Tên “{text}” trùng nhiều đơn vị ({candidates}); ghi rõ loại (Phường/Xã) hoặc cột huyện.",
        "Name “{text}” fits several units ({candidates}); add the type (Phường/Xã) or a district column.",
    ),
    "other_edition_unit": (
        "error",
        "Đơn vị “{text}” thuộc bản đồ {other} chứ không thuộc bản đồ {edition} đang áp dụng cho kỳ {period}.",
        "Unit “{text}” belongs to the {other} map, not the {edition} map in force for {period}.",
    ),
    "duplicate_unit": (
        "error",
        "Đơn vị {unit} xuất hiện lần nữa (đã có ở dòng {first_row}).",
        "Unit {unit} appears again (already on row {first_row}).",
    ),
    "not_a_number": ("error", "Giá trị “{text}” không phải là số.", "Value “{text}” is not a number."),
    "negative_value": ("error", "Giá trị âm ({text}) không hợp lệ.", "Negative value ({text}) is not allowed."),
    "numerator_above_denominator": (
        "error",
        "{indicator}: tử số {numerator} lớn hơn mẫu số {denominator}.",
        "{indicator}: numerator {numerator} is above denominator {denominator}.",
    ),
    "rate_mismatch": (
        "error",
        "{indicator}: tỷ lệ ghi {given} nhưng tử số/mẫu số cho {computed}.",
        "{indicator}: the stated rate {given} differs from numerator/denominator {computed}.",
    ),
    "incomplete_rate": (
        "warning",
        "{indicator}: thiếu {missing_vi}, số liệu này không được nạp.",
        "{indicator}: {missing_en} missing, this figure is not loaded.",
    ),
    "missing_period": (
        "error",
        "Không tìm thấy kỳ báo cáo trong tiêu đề, tên sheet hay tên tệp. "
        "Ghi “Tháng 3 năm 2024” vào tiêu đề hoặc dùng --period 2024-03.",
        "No reporting month found in the title, sheet name or file name. "
        "Write “Tháng 3 năm 2024” in the title or pass --period 2024-03.",
    ),
    "period_conflict": (
        "error",
        "Tệp ghi nhiều kỳ báo cáo khác nhau ({periods}); dùng --period để chọn.",
        "The file names several months ({periods}); pass --period to choose.",
    ),
    "edition_not_in_force": (
        "error",
        "Kỳ {period} áp dụng bản đồ {in_force}, không phải {edition}.",
        "The {in_force} map is in force for {period}, not {edition}.",
    ),
    "no_table": (
        "error",
        "Không tìm thấy bảng số liệu có tên hoặc mã đơn vị hành chính.",
        "No table with commune names or codes was found.",
    ),
    "no_figures": (
        "error",
        "Không nhận ra cột chỉ tiêu nào; hãy ghép cột thủ công.",
        "No indicator column was recognised; map the columns by hand.",
    ),
    "empty_report": (
        "error",
        "Các cột chỉ tiêu đã được nhận ra nhưng không ô nào có số liệu: tệp chưa được điền.",
        "The indicator columns were recognised but no cell holds a figure: the report has not been filled in.",
    ),
    "unrecognised_column": (
        "warning",
        "Cột “{header}” không được nhận ra và bị bỏ qua.",
        "Column “{header}” was not recognised and is ignored.",
    ),
    "ambiguous_number": (
        "warning",
        "Giá trị “{text}” có thể hiểu hai cách; đã đọc là {value}.",
        "Value “{text}” can be read two ways; read as {value}.",
    ),
    "missing_unit": (
        "warning",
        "Đơn vị {unit} không có trong báo cáo.",
        "Unit {unit} is not in the report.",
    ),
    "unusual_jump": (
        "warning",
        "{indicator} của {unit}: {value} khác xa các tháng trước (trung bình {usual}).",
        "{indicator} of {unit}: {value} is far from earlier months (average {usual}).",
    ),
}


@dataclass(frozen=True)
class Finding:
    severity: str
    code: str
    sheet: str | None
    row: int | None  # as Excel numbers it (1-based)
    column: str | None  # as Excel names it ("B")
    message_vi: str
    message_en: str

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "severity": self.severity,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "message": self.message_en if lang == "en" else self.message_vi,
        }

    def message(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_vi


def finding(
    code: str, sheet: str | None = None, row: int | None = None, col: int | None = None, **values: Any
) -> Finding:
    """A finding at 0-based (row, col) of a sheet; `values` fill the message templates."""
    severity, vi, en = MESSAGES[code]
    return Finding(
        severity=severity,
        code=code,
        sheet=sheet,
        row=None if row is None else row + 1,
        column=None if col is None else column_letter(col),
        message_vi=vi.format(**values),
        message_en=en.format(**values),
    )
