"""Round 5 (issue 12's urgent recall): new urgent paraphrases and ordinary messages that share their words.

All four lists were written on 2026-11-30 before any change to intents/urgent.py in this round. Sets 1 and 2
(freeform_commune.py) no longer measure anything honestly: the rules were widened for the misses of both. So:

* ``URGENT_SET3`` (held out): measured once before the rules were changed and once after; nobody looked at which
  lines the rules missed, only at the totals (bench/nlu.py prints them).
* ``URGENT_SET4`` (development): the rules of this round were widened for its misses, and for wording of the same
  kind (synonyms, dialect), never for the held-out lines.
* ``NOT_URGENT_DEV`` / ``NOT_URGENT_HELD_OUT``: ordinary petitions and questions with the urgent words in another
  sense (a fire last year, a crashed website, a wall that might collapse, X-ray licences, fire drills): false alarms
  are counted on them, on the free-form sets' petitions and on the dev split's petitions. The rules were checked
  against the development half only.

Each list mixes text typed with and without diacritics, Northern, Central and Southern wording.
"""

from __future__ import annotations

URGENT_SET3: list[tuple[str, str]] = [
    ("ở bãi phế liệu gần nhà tôi có cái thùng sắt nhỏ in hình cảnh báo bức xạ, người ta định đem nấu chảy", "radiation"),
    ("bệnh viện huyện thanh lý máy xạ trị cũ, giờ thấy nằm ngoài bãi đất trống không ai trông", "radiation"),
    ("nhặt được một ống kim loại sáng bóng ở công trường, trên có chữ radioactive", "radiation"),
    ("xe tải chở thiết bị đo mật độ có nguồn phóng xạ bị cướp ở đoạn đường tránh", "radiation"),
    ("phat hien nguon phong xa bi bo lai trong kho cua xuong cu", "radiation"),
    ("con tôi mang về nhà một viên kim loại lạ nhặt ở bãi rác, vỏ có hình ba lá vàng đen", "radiation"),
    ("công nhân nhà máy xi măng báo thất lạc nguồn đo mức dùng phóng xạ", "radiation"),
    ("may do buc xa cua toi bao muc cao bat thuong o khu dat trong sau cho", "radiation"),
    ("có người rao bán một cái đầu dò phóng xạ ở chợ đồ cũ", "radiation"),
    ("thùng chứa chất phóng xạ bị rò ở kho hóa chất, nhân viên đang hoảng", "radiation"),
    ("nghi ngo co chat phong xa trong dong sat vun vua cho ve tu bien gioi", "radiation"),
    ("mất trộm nguồn phóng xạ ở công ty khảo sát địa chất đêm qua", "radiation"),
    ("cháy nhà trọ ở hẻm 45, nhiều người còn kẹt trên tầng 2", "fire"),
    ("quán karaoke đầu phố đang cháy ngùn ngụt", "fire"),
    ("xưởng sơn bên cạnh nổ liên tiếp mấy tiếng, lửa cao lắm", "fire"),
    ("chay lon o kho phan bon, khoi den bao trum ca xom", "fire"),
    ("đống rơm sau nhà bén lửa, cháy lan sang chuồng bò rồi", "fire"),
    ("cây xăng ở ngã ba phát hỏa, mọi người chạy tán loạn", "fire"),
    ("ô tô đang đỗ trước nhà văn hóa tự dưng bốc cháy", "fire"),
    ("nha hang xom toi bi chap dien chay, co ba cu chua ra duoc", "fire"),
    ("tàu cá neo ở cảng bị cháy, lửa đang lan sang mấy tàu bên cạnh", "fire"),
    ("nổ bình gas ở quán phở, mấy người bị thương", "fire"),
    ("lửa cháy rừng thông trên đèo đang lan xuống khu dân cư", "fire"),
    ("khu chợ tạm đang bốc khói nghi ngút, chưa thấy xe cứu hỏa", "fire"),
    ("có thằng say rượu cầm dao đuổi chém người ngoài quán nước", "violence"),
    ("hàng xóm đang đánh vợ dã man, chị ấy la hét", "violence"),
    ("một nhóm côn đồ xông vào nhà dân đập phá, đánh người", "violence"),
    ("co vu no sung o quan bar duong tran phu", "violence"),
    ("thanh niên bị nhóm khác chặn đánh, giờ nằm bất tỉnh giữa đường", "violence"),
    ("ông chồng đang cầm búa đòi giết cả nhà, cứu với", "violence"),
    ("có người bị đâm ở bến xe, máu chảy nhiều lắm", "violence"),
    ("bon cuop dang cam dao khong che chu tiem vang", "violence"),
    ("hai băng nhóm đang thanh toán nhau bằng mã tấu ở bãi sông", "violence"),
    ("kẻ lạ mặt bắt một đứa trẻ lên xe máy chạy mất", "violence"),
    ("đám đòi nợ thuê đang đánh ông cụ trước cổng nhà", "violence"),
    ("đang có ẩu đả lớn ở sân bóng, có người bị chém", "violence"),
    ("nhà hai tầng cạnh công trình đào móng bị đổ, nghi có người bên trong", "collapse"),
    ("cây cầu sắt qua kênh bị sập khi xe tải đi qua", "collapse"),
    ("sat lo dat vui mat 3 can nha o ban tren", "collapse"),
    ("tường rào trường học đổ trúng mấy em đi ngang", "collapse"),
    ("mái tôn nhà xưởng bị sập đè công nhân", "collapse"),
    ("bờ kè ven sông sụp xuống, kéo theo mấy căn nhà", "collapse"),
    ("cần cẩu ở công trường gãy đổ xuống mái nhà dân", "collapse"),
    ("hầm chui đang thi công bị sập, có thợ bị vùi", "collapse"),
    ("nha van hoa thon bi sap mai trong luc dang hop", "collapse"),
    ("giàn giáo tòa nhà 10 tầng sụp đổ, nhiều người bị thương", "collapse"),
    ("đất đá trên núi lở xuống lấp đường, có xe máy bị vùi", "collapse"),
    ("biển quảng cáo lớn đổ sập xuống đường đè lên người đi đường", "collapse"),
]

URGENT_SET4: list[tuple[str, str]] = [
    ("công ty kiểm định làm rơi nguồn phóng xạ trên đường về, đang đi tìm", "radiation"),
    ("thay cuc kim loai co ky hieu phong xa trong thung rac benh vien", "radiation"),
    ("mấy ông mua ve chai cưa đôi một cái thiết bị có dán nhãn phóng xạ", "radiation"),
    ("máy đo liều của đội kiểm tra kêu to khi đi ngang bãi thải nhà máy thép", "radiation"),
    ("nguồn cesium của nhà máy giấy không còn trong kho, nghi bị lấy cắp", "radiation"),
    ("có hộp chì ghi chữ nguy hiểm phóng xạ trôi dạt vào bờ biển", "radiation"),
    ("bọn trẻ nghịch một cái ống kim loại có biểu tượng bức xạ nhặt được ở bãi thải", "radiation"),
    ("kho luu giu nguon phong xa cua truong dai hoc bi pha khoa", "radiation"),
    ("nhà bên cạnh cháy rồi, khói mù mịt, gọi 114 giúp với", "fire"),
    ("xe khach boc chay tren cao toc, hanh khach dang thoat ra", "fire"),
    ("kho pháo lậu phát nổ, mảnh vỡ văng khắp xóm", "fire"),
    ("cháy chung cư mini ở ngõ 20, người dân kẹt trên tầng thượng", "fire"),
    ("lửa từ bãi rác cháy sang xưởng gỗ, gió to lắm", "fire"),
    ("trạm xăng bị cháy nổ, khói đen bốc lên cao", "fire"),
    ("chay rung tram o xa ben, lua lan nhanh ve phia nha dan", "fire"),
    ("dây điện trên cột chập bốc lửa, cháy sang mái nhà", "fire"),
    ("mấy thằng cầm gậy gộc đang đánh nhau ngoài đầu hẻm", "violence"),
    ("ong ay dang cam dao dam vo, hang xom khong can duoc", "violence"),
    ("nhóm người lạ đang hành hung tài xế xe ôm, máu me đầy mặt", "violence"),
    ("có tiếng súng nổ ở khu trọ, mọi người hoảng loạn", "violence"),
    ("đứa nhỏ nhà bên bị bắt đi mất, người lạ chở bằng xe máy", "violence"),
    ("cướp giật túi xách rồi đâm người đi đường ở cầu", "violence"),
    ("thanh niên ngáo đá đang cầm rựa chém loạn trong xóm", "violence"),
    ("hai nhà đang xô xát, một người bị chém vào tay", "violence"),
    ("nhà dân bị sập do đào móng nhà bên, có người mắc kẹt", "collapse"),
    ("cau go qua khe bi lu cuon troi, co nguoi roi xuong", "collapse"),
    ("mái trường mầm non bị sập lúc các cháu đang ngủ trưa", "collapse"),
    ("sạt lở đồi đè sập nhà, cả gia đình bị vùi", "collapse"),
    ("tuong nha kho do de 2 cong nhan", "collapse"),
    ("cây cổ thụ đổ đè lên xe buýt đang chạy", "collapse"),
    ("hố tử thần sụt xuống nuốt cả chiếc xe máy", "collapse"),
    ("ban công tầng ba sập xuống, có người bị thương nặng", "collapse"),
]

NOT_URGENT_DEV: list[str] = [
    "xin thủ tục cấp phép sử dụng thiết bị X-quang có nguồn phóng xạ",
    "nhà tôi bị cháy năm ngoái, xin hỗ trợ làm lại giấy tờ",
    "phản ánh đèn đường cháy bóng mấy tháng nay không ai thay",
    "website dịch vụ công bị sập từ sáng không vào được",
    "cán bộ xã đánh giá hồ sơ không công bằng",
    "tường nhà tôi bị nứt do hàng xóm xây nhà, nguy cơ sập",
    "karaoke hát đến nửa đêm, ồn ào như nổ tai",
    "đề nghị lắp bình chữa cháy ở chung cư",
    "xin hỏi thủ tục xin giấy phép kinh doanh pháo hoa",
    "đốt rác gây khói bụi mỗi tối",
    "đường dây điện võng thấp, sợ có ngày đứt",
    "hỏi về bồi thường cho nhà bị sạt lở năm 2024",
    "quán nhậu lấn chiếm vỉa hè, say xỉn gây gổ",
    "tôi muốn đăng ký tham gia lớp tập huấn an toàn bức xạ",
    "con tôi bị bạn đánh ở trường tuần trước, nhà trường chưa xử lý",
    "mang internet sap suot ca tuan, de nghi nha mang khac phuc",
    "cay xanh truoc nha muc goc, so sap do, de nghi chat",
    "giá điện tăng cháy túi người dân",
    "hồ sơ của tôi bị đánh rơi ở bộ phận một cửa",
    "máy đo phóng xạ của phòng thí nghiệm cần hiệu chuẩn ở đâu",
]

NOT_URGENT_HELD_OUT: list[str] = [
    "hỏi về an toàn bức xạ cho phòng chụp x quang nha khoa",
    "ổ điện nhà văn hóa bị chập cháy hôm trước, đề nghị sửa",
    "hướng dẫn diễn tập phòng cháy chữa cháy cho trường học",
    "con đường bị sụt lún nhiều chỗ sau mưa",
    "tôi muốn tố cáo cán bộ ăn chặn tiền hỗ trợ cháy nhà",
    "khói từ lò gạch làm cả xóm khó thở",
    "nhóm thanh niên tụ tập đánh bài ở nhà văn hóa",
    "tôi bị lừa mất tiền qua mạng, muốn trình báo",
    "cầu tạm qua suối xuống cấp, đề nghị sửa trước mùa mưa",
    "xe chở đất rơi vãi khắp đường",
    "chó nhà hàng xóm cắn người",
    "doanh nghiệp xả thải làm cá chết hàng loạt",
    "bệnh viện tiếp nhận bệnh nhân bị bỏng rất chậm",
    "nhà máy nhiệt điện thải tro bụi",
    "chung cư mất nước 3 ngày",
    "phan anh cho tam bi chay nam ngoai van chua xay lai",
    "đề nghị kiểm tra nhà cũ sắp sập ở tổ 3",
    "hệ thống máy chủ bị sập nên không nộp được hồ sơ",
    "xin cấp lại giấy phép an toàn bức xạ đã hết hạn",
    "tôi bị đánh giá thấp trong cuộc thi, muốn khiếu nại",
]
