"""Write `classification_eval.jsonl`: hand-written call-centre snippets with their call category.

The snippets imitate STT output of real calls: no reliable punctuation, spacing errors, fillers
(어, 음, 그, uh, um), numbers read out in Hangul, agents and customers both speaking, one to four
sentences. Several mix topics on purpose; the label is then the main intent of the caller (or of
the agent's turn, for agent-only snippets).

The rows up to "held-out check 1" were written before the rule classifier's keywords. Each
"held-out check" block was written later, before the classifier had seen it, to measure how the
keyword rules do on phrasing they were not tuned for (the accuracy in the block's title); the
keywords were widened afterwards, so the whole file is no longer out-of-sample.

Table format: `<lang> <label> <text>`; an indented line continues the text of the row above;
`#` starts a section comment. Regenerate the file with:

    .venv/bin/python tests/data/make_classification_eval.py
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).with_name("classification_eval.jsonl")

LABELS = {
    "PRE": "CLASS_PRE_SALES",
    "ORD": "CLASS_ORDER_DELIVERY",
    "AS": "CLASS_AFTER_SALES",
    "CMP": "CLASS_COMPLAINT",
    "BIL": "CLASS_BILLING",
    "CAN": "CLASS_CANCEL_REFUND",
    "ACC": "CLASS_ACCOUNT",
    "GEN": "CLASS_GENERAL",
    "OTH": "CLASS_OTHER",
}

TABLE = """
# pre-sales
ko PRE 네 안녕하세요 어 제가 이번에 에어컨을 하나 살까 하는데요 스탠드형이랑 벽걸이형 중에 뭐가
       전기세가 덜 나와요
ko PRE 음 그 광고에서 봤는데 그 무선청소기 신제품 있잖아요 그거 언제 출시돼요 사전예약 되나요
ko PRE 여보세요 저 노트북 사려고 하는데 그 십육기가 모델이랑 삼십이기가 모델 차이가 뭔지 좀
       설명해 주실 수 있어요
ko PRE 아 네 고객님 문의하신 모델은 현재 매장 재고가 두 대 남아 있고요 온라인으로 구매하시면 오
       퍼센트 추가 할인이 들어갑니다
ko PRE 그 정수기 렌탈이랑 일시불 구매랑 어떤게 더 나은지 비교해서 견적 좀 받아보고 싶어서요
ko PRE 어 혹시 그 세탁기 십이 키로짜리요 그거 지금 행사하는거 맞죠 카드 할부 하면 무이자 돼요
ko PRE 제가 회사에서 모니터를 한 이십대 정도 단체로 구매하려고 하는데 법인 할인 같은 거 있나요
ko PRE 음 이거 색상이 화이트 말고 다른 색도 나오나요 그레이나 블랙으로 사고 싶은데
ko PRE 안녕하세요 그 냉장고 사이즈가 저희 집 주방에 들어갈지 모르겠어서요 가로 폭이 정확히 몇
       센티예요
ko PRE 그 아기 카시트 있잖아요 신생아부터 쓸 수 있는 건지 아니면 돌 지나서부터인지 사기 전에
       확인하려고요
ko PRE 고객님 그 제품은 현재 품절이라 다음 주 입고 예정인데요 입고되면 알림 문자 드릴까요 네
       그럼 입고되면 바로 살게요
ko PRE 어 요금제 말고요 휴대폰 기기 자체를 바꾸려고 하는데 지금 갤럭시 최신 거 기기값이 얼마예요
ko PRE 매장 가서 직접 보고 사도 되는 거죠 아 그리고 그 모델 체험해 볼 수 있는 매장이 어디
       있는지도요
ko PRE 네 감사합니다 고객센터 상담원 박서연입니다 네 저 그 안마의자 보고 있는데 어르신 쓰시기에
       강도 조절이 되는 건지 궁금해서요
en PRE hi yeah I'm looking at the the X5 vacuum on your website and uh I wanted to know if it
       works on thick carpets before I buy it
en PRE do you have the blue one in stock in a size medium or is it only online
en PRE uh so what's the difference between the pro and the basic model like is the pro worth the
       extra hundred dollars
en PRE Sure so the twelve month warranty is included and if you purchase before Sunday you get
       the bundle discount as well
en PRE we're a small office about fifteen people and we're thinking of buying your printers can
       someone send me a quote
en PRE is there any promotion going on right now I was gonna buy two of the air purifiers
en PRE hi um I saw the ad for the new phone when does it actually come out and can I preorder it
# order and delivery
ko ORD 네 여보세요 제가 지난주 월요일에 주문했는데 아직도 배송 준비중으로 떠 있어서요 언제
       출발하는지 궁금해서 전화드렸어요
ko ORD 택배가 분명히 배송완료라고 떴는데 집 앞에 아무것도 없어요 어 경비실에도 없고요
ko ORD 어 주문한거 주소를 잘못 입력해서요 배송지 좀 바꿀 수 있을까요 아직 출고 안 됐으면
ko ORD 고객님 주문번호 확인해 보니까 어제 오후에 출고돼서 내일 중으로 도착 예정입니다 송장번호
       문자로 보내드릴게요
ko ORD 음 그 주문할때 옵션을 빨간색으로 했어야 되는데 파란색으로 했거든요 옵션 변경 되나요
ko ORD 이거 언제와요 벌써 열흘째인데 그 조회해보면 계속 집하 상태에서 안 움직여요
ko ORD 혹시 새벽배송 지역인지 좀 확인해 주세요 경기도 용인 수지구인데 내일 아침까지 받아야
       돼서요
ko ORD 아 제가 세 개를 시켰는데 두 개만 왔어요 하나가 빠졌더라고요 따로 오는 건가요
ko ORD 네 주문 하나 추가로 넣으려고요 지난번에 산 그 세제 리필용 두 박스요 전화로도 주문 되죠
ko ORD 배송 기사님이 오늘 오신다고 문자 왔는데 몇 시쯤 오시는지 알 수 있을까요 제가 오후엔 집에
       없어서
ko ORD 그 부재중이라 택배가 반송됐다고 문자가 왔는데요 다시 보내 주실 수 있어요
ko ORD 어 주문 내역에서 제 주문이 안 보여요 결제는 된 것 같은데 주문이 들어간 건지 확인 좀 해
       주세요
ko ORD 대형 가구라 설치 배송이라고 들었는데 배송 날짜를 토요일로 좀 옮길 수 있을까요
ko ORD 감사합니다 상담원 김도윤입니다 아 네 어 제가 그 주문을 했는데 물건이 아직 안왔어요 운송장
       번호로 조회하면 아무것도 안 나와요
en ORD hi I placed an order on the third and the tracking still says label created it hasn't
       moved in like a week
en ORD yeah the package says delivered but I never got it I checked with my neighbors too
en ORD can I change the shipping address on my order I just moved last week
en ORD so your order shipped this morning with UPS and you should have it by Thursday I'll email
       you the tracking number
en ORD uh I want to add one more item to my order before it ships is that possible
en ORD I got the box today but one of the two chairs is missing only one came
en ORD do you guys deliver on weekends because I'm at work all week
# after-sales and repair
ko AS  네 저 세탁기가 갑자기 탈수할때 덜덜덜 소리가 엄청 크게 나면서 멈춰요 에러코드 이 이 라고
       뜨는데
ko AS  에이에스 신청하려고요 냉장고 냉동실이 어제부터 얼음이 안 얼어요
ko AS  어 구입한지 일 년 조금 안 됐는데 무상 수리 되나요 보증기간 안에 있는 거 맞죠
ko AS  고객님 그럼 수리 기사님 방문 일정은 목요일 오전 열 시에서 열두 시 사이로 잡아드릴게요
       출장비는 보증 기간 내라 없으십니다
ko AS  노트북 화면에 줄이 가요 세로로 초록색 줄이 생겼는데 이거 액정 교체해야 되는 건가요 비용이
       얼마나 나와요
ko AS  그 서비스센터 가져가면 당일 수리 돼요 아니면 맡겨야 돼요
ko AS  정수기 필터 교체 주기가 지났는데 점검 오시는 분이 안 오셔서요 방문 점검 좀 잡아주세요
ko AS  음 전원이 아예 안 켜져요 충전기 꽂아도 불도 안 들어오고요 고장 난 것 같아요
ko AS  보일러 설치한 지 얼마 안됐는데 물이 새요 바닥에 물이 고여 있어요 빨리 좀 봐주세요
ko AS  에어컨 작동은 되는데 찬바람이 안 나와요 가스가 빠진 건지 점검 받고 싶은데요
ko AS  제가 이거 떨어뜨려서 부서졌는데 유상으로라도 부품만 따로 살 수 있나요 뒷판 커버요
ko AS  앱이랑 연결이 안 돼요 와이파이 연결하라고 해서 했는데 계속 연결 실패 뜨고 초기화도
       해봤어요
ko AS  수리 맡긴 거 어떻게 됐는지 물어보려고요 접수번호는 일 이 삼 사 오인데 벌써 이 주째예요
ko AS  네 고객센터입니다 어 저기요 티비가 화면은 나오는데 소리가 안나요 리모컨으로 볼륨 올려도
       그대로고요 이거 기사님 불러야 돼요
en AS  my dishwasher stopped draining and it's showing an E24 error can someone come out and
       look at it
en AS  hi is my TV still under warranty I bought it about ten months ago and now there's no
       picture just sound
en AS  yeah the screen is cracked I need to get it repaired how much is that gonna be
en AS  okay so I've booked a technician visit for Monday between one and five they'll call you
       thirty minutes before
en AS  the earbuds won't pair anymore I reset them like three times and the left one just blinks
       red
en AS  I dropped it off at the service center two weeks ago and nobody has told me anything
       about the repair status
en AS  the heater makes a burning smell when I turn it on is that normal or should I stop using
       it
# complaint
ko CMP 아니 제가 지금 이 문제로 전화를 몇 번째 하는 건지 모르겠어요 매번 확인해 보겠다고만 하고
       연락 주신다더니 아무도 연락을 안 줘요
ko CMP 어제 통화한 상담원분이 말을 너무 무례하게 하시더라고요 제가 뭘 물어보니까 한숨을 쉬시고
       그거 정식으로 항의하고 싶어요
ko CMP 책임자 바꿔 주세요 저는 더 이상 상담원이랑 얘기 안 할 거예요
ko CMP 매장 직원이 설명을 제대로 안 해줘서 제가 엉뚱한 걸 샀잖아요 직원 교육을 어떻게 시키는
       거예요
ko CMP 배송 기사가 물건을 문 앞에 던지고 갔어요 상자가 다 찌그러졌고 이게 서비스라고 할 수
       있어요 그 기사분 조치 좀 해 주세요
ko CMP 고객님 불편을 드려 정말 죄송합니다 말씀하신 내용은 민원으로 정식 접수해서 담당 부서에서
       삼일 이내로 회신드리도록 하겠습니다
ko CMP 이거 소비자원에 신고할 거예요 진짜 이런 식으로 장사하시면 안 되죠
ko CMP 음 불만 사항 접수하려고 하는데요 콜센터 연결하는데만 삼십 분 넘게 걸렸어요 대기 시간이
       너무 길어요
ko CMP 수리 기사님이 약속 시간보다 두 시간이나 늦게 오셨는데 미안하다는 말도 없으셨어요 너무
       기분이 나빴어요
ko CMP 광고랑 실제 제품이랑 너무 달라요 완전 과대광고 아니에요 이거 다른 사람들도 다 속았을
       거예요
ko CMP 아 진짜 어이가 없네 지난번에도 똑같은 일 있어서 사과 받았는데 또 이러면 어떡해요 개선이
       안 되잖아요
ko CMP 그 매장 매니저분 이름이 뭐예요 제가 본사에 정식으로 컴플레인 걸려고요
ko CMP 상담원분이 환불 된다고 해놓고 지금 와서 안 된다고 하면 말이 바뀌는 거잖아요 누가 책임질
       거예요 이 녹취 다 남아 있죠
ko CMP 여보세요 네 제가요 어 어제 매장에 갔는데 직원분이 저를 완전 무시하는 태도로 대하셔서요
       너무 불쾌했어요
en CMP I've called four times about this and every time I get transferred and the call drops I
       want to speak to a manager
en CMP the guy at your store was extremely rude to my mother and I want to file a formal
       complaint
en CMP honestly this is the worst customer service I've ever dealt with nobody follows up
en CMP I'm really sorry about your experience I've logged this as a complaint and our customer
       care team will contact you within forty eight hours
en CMP I waited on hold for fifty minutes just to be told to call back tomorrow that's
       unacceptable
en CMP your delivery driver backed into my fence and just drove off I want someone to take
       responsibility
en CMP this is the third time the technician didn't show up without calling I'm not gonna keep
       taking days off work for this
# billing and payment
ko BIL 이번 달 요금이 평소보다 이만 원 넘게 더 나왔는데요 뭐 때문에 이렇게 나온 건지 청구 내역
       좀 확인해 주세요
ko BIL 카드 결제가 두 번 된 것 같아요 문자가 두 번 왔어요 같은 금액으로
ko BIL 자동이체 계좌를 바꾸려고요 국민은행에서 신한은행으로요
ko BIL 고객님 확인해 보니 지난달 미납 요금이 있으셔서 이번 달에 합산 청구가 된 거고요 연체료는
       이번 한 번만 면제해 드리겠습니다
ko BIL 결제하려고 하는데 계속 결제 실패라고 떠요 카드는 한도 남아 있거든요
ko BIL 세금계산서 발행 좀 해 주세요 사업자 번호 불러 드릴게요
ko BIL 어 그 무통장 입금 했는데 입금 확인이 아직 안 됐다고 나와서요 이름을 다르게 적어서 그런가
ko BIL 음 할부 개월 수를 바꿀 수 있나요 삼 개월로 했는데 육 개월로 하고 싶어서요
ko BIL 영수증 재발행 되나요 회사에 경비 처리 해야 되는데 잃어버려서요
ko BIL 제가 해지한 지 두 달 됐는데 아직도 매달 구천구백 원씩 빠져나가요 이거 왜 그런 거예요
ko BIL 요금제를 좀 더 싼 걸로 바꾸고 싶은데 지금 쓰는 데이터 양이면 어떤 요금제가 맞을까요
ko BIL 결제 수단을 카드에서 휴대폰 결제로 변경하고 싶어요
ko BIL 포인트로 결제하면 나머지 금액은 카드로 나눠서 낼 수 있어요
ko BIL 네 상담원 이하늘입니다 아 네 저 이번 달 청구서가 안 와서요 이메일로 받는 걸로 했는데 아직
       못 받았어요
en BIL hi I was charged twice for the same order it shows two pending charges of forty nine
       ninety nine on my card
en BIL why is my bill so high this month it's almost double what I usually pay
en BIL I need to update my credit card on file the old one expired
en BIL so that fee is a late payment charge from last month but I can waive it this one time
en BIL can I get an invoice with our company VAT number on it for accounting
en BIL I'd like to set up autopay so I stop missing the due date
en BIL my payment keeps getting declined at checkout but my bank says there's no problem on
       their end
# cancellation and refund
ko CAN 주문 취소하고 싶어요 어제 밤에 주문한 건데 아직 발송 전이죠
ko CAN 음 받은 옷이 사이즈가 안 맞아서 반품하려고 하는데 반품비는 제가 내야 되나요
ko CAN 이거 불량이라 환불해 주세요 포장 뜯자마자 보니까 스크래치가 나 있어요
ko CAN 고객님 환불은 카드사 사정에 따라 영업일 기준 삼에서 오일 정도 소요되며 취소 승인 문자가
       먼저 가실 겁니다
ko CAN 정기 구독 해지하고 싶은데 앱에서 해지 버튼을 못 찾겠어요
ko CAN 배송이 너무 늦어서요 그냥 취소하고 환불받을게요 다른 데서 샀어요
ko CAN 반품 접수는 했는데 수거 기사님이 안 오세요 환불은 언제 되는 거예요
ko CAN 교환으로 해주세요 같은 제품 다른 색상으로요 흰색이 생각보다 너무 비쳐서
ko CAN 아니 환불 요청한지 이 주가 넘었는데 아직도 안 들어왔어요 진짜 짜증나네 언제 돼요
ko CAN 예약한 거 취소하면 수수료가 있나요 다음 주 수요일 예약이요
ko CAN 위약금 얼마나 나와요 약정 남았는데 중도 해지하려고요
ko CAN 결제 취소 좀 해주세요 실수로 눌렀어요 방금 한 거예요
ko CAN 이거 환불 말고 그냥 적립금으로 받으면 더 주시는 거예요
ko CAN 감사합니다 고객센터입니다 네 어 어제 산 운동화가 발이 너무 작아서 환불 해 주실 수 있나
       해서요 신어보지도 않았어요
en CAN I'd like to cancel my order please it hasn't shipped yet
en CAN hi I returned the shoes last week and I still haven't gotten my refund
en CAN can I exchange this for a bigger size or do I have to return it and buy a new one
en CAN alright I've processed the refund it should show up on your statement in five to seven
       business days
en CAN I want to cancel my subscription before it renews on the first
en CAN the blender arrived broken so I just want my money back not a replacement
en CAN uh how long do I have to send something back I've had it for about three weeks
# account and membership
ko ACC 비밀번호를 까먹어서 로그인이 안 돼요 비밀번호 찾기 눌러도 인증 문자가 안 와요
ko ACC 아이디가 기억이 안 나는데 이름이랑 전화번호로 찾을 수 있나요
ko ACC 회원 탈퇴 하고 싶은데요 개인정보도 다 삭제해 주세요
ko ACC 고객님 본인 확인을 위해서 생년월일 여섯 자리 말씀해 주시겠어요 네 확인되셨습니다 휴대폰
       번호 변경 도와드릴게요
ko ACC 계정이 잠겼다고 나와요 비번을 다섯 번 틀려서 그런가 봐요
ko ACC 제 명의로 누가 가입을 한 것 같아요 저는 가입한 적이 없는데 가입 축하 문자가 왔어요
ko ACC 회원 등급이 골드에서 실버로 떨어졌던데 등급 기준이 어떻게 되나요
ko ACC 적립금이 사라졌어요 분명히 오천 원 있었는데 소멸된 건가요
ko ACC 어 전화번호가 바뀌어서 회원정보에 있는 번호를 수정하려고 하는데 인증을 예전 번호로 하라고
       하네요
ko ACC 카카오로 가입했는데 네이버 계정이랑 합치고 싶어요 통합 되나요
ko ACC 가족 회원으로 저희 딸을 추가하려고 하는데 어떻게 해요
ko ACC 휴면 계정이라고 뜨는데 다시 활성화하려면 어떻게 해야 되나요
ko ACC 마케팅 수신 동의 철회하고 싶어요 광고 문자가 너무 많이 와요
ko ACC 네 고객센터 상담원입니다 아 네 어 제가 앱에 로그인을 하면 자꾸 튕겨요 아이디 비번은 맞게
       쳤거든요
en ACC I can't log in it keeps saying my password is wrong and the reset email never shows up
en ACC I want to delete my account and all my data
en ACC how do I change the email address on my profile I don't use that one anymore
en ACC for security I'll just need to verify your date of birth and the last four digits of your
       phone number
en ACC someone logged into my account from another country I got an alert I think I've been
       hacked
en ACC my rewards points disappeared from my account I had like two thousand
en ACC I signed up with my work email by mistake can I switch it to my personal one
# general inquiry
ko GEN 거기 영업시간이 어떻게 되나요 토요일에도 하세요
ko GEN 강남점 위치가 정확히 어디예요 주차는 가능한가요
ko GEN 고객센터 운영 시간이 평일 몇 시부터 몇 시까지예요
ko GEN 네 고객님 저희 매장은 매주 월요일 휴무이고요 나머지 요일은 오전 열 시부터 저녁 여덟
       시까지 운영합니다
ko GEN 추석 연휴 때도 상담 가능한가요 연휴 기간에 문의할 게 있을 수도 있어서요
ko GEN 팩스 번호 좀 알려 주세요 서류를 보내야 돼서요
ko GEN 음 그 회사 본사 주소가 어떻게 되죠 우편으로 뭘 보내야 해서
ko GEN 이메일로 문의하려면 어디로 보내면 돼요 홈페이지에 안 보여서
ko GEN 혹시 외국인도 이용 가능한가요 저희 어머니가 한국어를 잘 못하셔서 중국어 상담 되나요
ko GEN 거기 개인정보 처리방침 같은 거 어디서 볼 수 있어요
ko GEN 채팅 상담은 몇 시까지 돼요 전화가 너무 안 연결돼서요
ko GEN 이번에 새로 생긴다는 부산 지점 언제 오픈해요
ko GEN 아 그냥 궁금해서 전화했는데 거기 반려동물 데리고 들어가도 되나요 매장에
ko GEN 감사합니다 고객센터입니다 네 혹시 거기 일요일에도 문 열어요 아 그리고 몇 시에 닫는지도요
en GEN what time do you guys close on Sundays
en GEN is there a location near downtown Seattle or is the closest one in Bellevue
en GEN hi do you have a phone number for the corporate office
en GEN our support lines are open Monday to Friday eight to eight and Saturdays until noon
en GEN is there parking at the store or should I take the bus
en GEN are you open on Christmas Eve
en GEN can I talk to someone in Spanish my English is not very good
# other
ko OTH 여보세요 여보세요 안 들리세요 아 여보세요
ko OTH 아 죄송합니다 전화를 잘못 걸었네요
ko OTH 저 거기 채용 공고 보고 전화드렸는데요 상담원 모집 아직 하세요
ko OTH 안녕하세요 저희는 마케팅 대행사인데요 귀사 홍보 관련해서 제안드릴 게 있어서 담당자분 연결
       부탁드립니다
ko OTH 음 어 잠깐만요 애기야 그거 만지지 마 어 죄송해요 다시 전화 드릴게요
ko OTH 네 고객님 말씀이 잘 안 들리셔서요 다시 한번 말씀해 주시겠어요 여보세요 고객님
ko OTH 김민수 씨 계신가요 거기 근무한다고 들었는데 개인적인 일로 연락드렸어요
ko OTH 테스트 콜입니다 통화 품질 확인 중이에요 하나 둘 셋 잘 들리시면 끊겠습니다
en OTH hello hello can you hear me hello I think the line is bad
en OTH sorry wrong number I was trying to call my dentist
en OTH hi I'm calling from a recruiting agency we have some candidates for your call center
       positions
en OTH uh hold on a sec kids stop it sorry I'll call you back
# mixed topics: the label is the main intent
ko CAN 네 그 주문한 거요 배송 조회 해보니까 아직 출발도 안 했던데 그냥 주문 취소 할게요 환 불 은
       카드로 되는 거죠
ko ORD 환불 말고요 그냥 빨리 보내주세요 언제 받을 수 있어요 주문한지 일주일 됐어요
ko GEN 불만은 아니고요 그냥 궁금해서요 그 매장 몇 시에 닫아요
ko AS  교환 말고 수리 받을게요 그게 더 빠르다면서요 센터에 맡기면 며칠 걸려요
ko PRE 이거 사면 설치비 따로 나와요 아니면 포함이에요 그리고 배송은 보통 얼마나 걸려요
ko ACC 로그인이 안 돼서 주문을 못 하고 있어요 비밀번호 재설정 좀 도와주세요
ko BIL 할인 받은 금액으로 결제된 게 맞는지 확인하고 싶어서요 쿠폰 적용이 안 된 것 같아서
ko PRE 그 사은품 준다는 거 지금 사도 받을 수 있나요 행사 언제까지예요
ko OTH 어 여보세요 네 아 잠시만요 지금 운전 중이라서 나중에 다시 걸게요
en CAN I'm so frustrated it's been a month and nobody has sent my refund just cancel the whole
       thing and give me my money back
en CMP I don't even want a refund at this point I just want someone to know how badly your staff
       treated me
en GEN this isn't a complaint or anything I just wanted to know your holiday hours
en ORD I'm not cancelling I just need to know when it'll actually arrive
en ACC I'm not trying to cancel anything I just can't get into my account since the update
# held-out check 1: 61% before the keywords were tuned on it
ko PRE 어 저기 그 가습기요 초음파식이랑 가열식 있던데 아기 방에 두기엔 뭐가 나아요
ko PRE 음 지금 온라인 최저가가 이십구만 원이던데 매장에서 사도 그 가격에 해 주시나요
ko PRE 그 블랙프라이데이 때 세일 또 하나요 그때까지 기다릴까 고민 중이라서
en PRE hey quick question does the standard version come with the charger or is that sold
       separately
en PRE I'm trying to decide between the two mattresses which one is firmer
ko ORD 네 그 어제 도착 예정이었던 거 아직 못 받았어요 배송 기사님 연락처 좀 알 수 있을까요
ko ORD 주문 넣을 때 요청사항에 경비실에 맡겨 달라고 썼는데 그거 반영됐는지 궁금해서요
ko ORD 어 로켓으로 시킨 건데 오늘 온다더니 배송 지연 문자가 왔네요 언제쯤 받을 수 있어요
en ORD hi um my order number is four five two two and it says it was delivered to a different
       city
en ORD can you hold the package at the depot I'll pick it up myself
ko AS  네 그 식기세척기가요 세척이 끝나도 그릇에 물때가 그대로 남아 있어요 기사님 한번 와 주셔야
       될 것 같아요
ko AS  휴대폰 배터리가 반나절도 안 가요 산 지 육 개월 밖에 안 됐는데 배터리 교체 무료로 되나요
ko AS  프린터가 종이가 자꾸 걸려요 용지 걸림이라고 뜨는데 빼도 또 그래요
en AS  the fridge is making a clicking sound every few minutes and the freezer isn't cold
       anymore
en AS  my laptop keyboard has a few keys that stopped responding can you guys fix that
ko CMP 아니 이게 벌써 세 번째 같은 문제인데 그때마다 죄송하다고만 하시고 달라진 게 없잖아요
ko CMP 그 지점 직원분이 반말을 하시더라고요 손님한테 그러는 거 아니잖아요 꼭 전달해 주세요
ko CMP 상담 연결되는데 사십 분 기다렸어요 이게 정상이에요 고객을 뭘로 보는 건지
en CMP I'm calling to complain about the way your agent spoke to me yesterday it was completely
       out of line
en CMP nobody ever calls back when they say they will I've been promised a callback three times
       now
ko BIL 네 그 카드 명세서 보니까 모르는 금액이 하나 찍혀 있어서요 삼만 삼천 원이요 이게 뭔지
ko BIL 이번 달부터 결제일을 이십오일로 바꾸고 싶은데 가능해요
ko BIL 현금영수증 번호를 잘못 넣었어요 수정할 수 있나요
en BIL I see a charge from you guys that I don't recognize for twelve ninety nine
en BIL can I split the payment across two cards
ko CAN 음 마음이 바뀌어서요 택배 받은 거 아직 뜯지도 않았는데 돌려보내도 되죠
ko CAN 호텔 예약한 거 날짜를 못 맞추게 돼서 취소 해야 될 것 같은데요 전액 돌려받을 수 있나요
ko CAN 헬스장 회원권 남은 기간만큼 환급 받을 수 있는지 알고 싶어요
en CAN yeah I'd like to return the jacket it doesn't fit and I still have the tags on
en CAN please stop my membership renewal I don't want to be charged again next month
ko ACC 어 앱을 새 폰에 깔았는데 로그인하니까 기존 주문 내역이 하나도 안 보여요 계정이 두 개인가
ko ACC 이메일 주소를 바꾸고 싶은데 마이페이지에서 수정이 안 돼요
ko ACC 제 아이디로 누가 로그인한 기록이 있어요 저는 그 시간에 안 썼거든요
en ACC I never got the verification code so I can't finish creating my account
en ACC can you merge my two accounts I accidentally made a second one
ko GEN 혹시 거기 주말에는 몇 시까지 해요 토요일 오후에 가려고 하는데
ko GEN 고객센터 말고 본사 대표 번호가 따로 있나요
ko GEN 그 매장에 휠체어 타고 들어갈 수 있나요 엘리베이터 있어요
en GEN where's your nearest branch to the airport
en GEN do you have an email I can write to instead of calling
ko OTH 네 여보세요 아 네 지금 통화 괜찮으세요 아 아니에요 제가 다른 데 걸려다가
ko OTH 저희 인터넷 광고 상품 소개해 드리려고 연락드렸는데요 사장님 계세요
en OTH hi this is Mike from facilities I'm just checking the phone lines on this floor
en OTH sorry my kid was playing with my phone she must have dialed you
# held-out check 2: 58% before the keywords were tuned on it
ko PRE 네 저 그 캠핑용 의자 있잖아요 그거 하중이 몇 키로까지 버텨요 제가 덩치가 좀 있어서요
ko PRE 어 이번에 나온 폴더블 폰이요 기존 거랑 뭐가 달라졌는지 좀 알려 주세요 바꿀까 해서
ko PRE 고객님 지금 구매하시면 무료 설치에 사은품으로 전용 거치대까지 드리고 있습니다
ko PRE 음 그 인터넷이랑 티비 결합 상품 가입하면 한 달에 얼마 정도 나와요 지금 통신사 옮길까 생각
       중이라
en PRE hi I wanted to ask whether the washer comes in a stackable version I have a tiny laundry
       room
en PRE um are you guys gonna restock the twenty liter one anytime soon it's been sold out for
       weeks
ko ORD 아 네 저 택배 송장 번호가 문자로 왔는데 조회하면 정보 없음으로 나와요
ko ORD 오늘 받기로 한 소파가 아직이에요 기사님 출발하셨는지 확인해 주실 수 있나요
ko ORD 어 주문을 이틀 전에 했는데 아직 상품 준비중이에요 원래 이렇게 오래 걸려요
ko ORD 물건 받았는데 제가 주문한 거랑 다른 게 왔어요 검정색 시켰는데 갈색이 왔네요
en ORD the driver left a note saying he'll try again tomorrow but I'll be out can he leave it
       with the front desk
en ORD I need this before the twentieth is there a faster shipping option I can switch to
ko AS  네 안녕하세요 어 저희 집 공기청정기가 필터 표시등이 계속 빨간불인데 필터 갈아도 그래요
ko AS  자동차 블랙박스가 녹화가 안 되고 있었어요 메모리 카드 문제인지 기기 문제인지 봐주실 수
       있어요
ko AS  고객님 그 증상이면 메인보드 쪽 문제일 가능성이 높아서요 센터 입고 후에 정확한 견적
       안내드리겠습니다
ko AS  전자레인지 돌리면 안에 불꽃이 튀어요 무서워서 못 쓰겠어요
en AS  my robot vacuum keeps going in circles and then says stuck even in the middle of the room
en AS  the garage door opener you installed last month is already making a grinding noise
ko CMP 제가 분명히 어제 이거 다 설명드렸는데 오늘 또 처음부터 얘기하래요 고객 정보 공유도 안
       돼요 거기는
ko CMP 진짜 너무 하시네요 그 택배 기사분 욕을 하면서 전화 끊었어요 녹음도 있어요
ko CMP 이 회사 서비스 정말 실망입니다 다시는 여기서 안 살 거예요 주변에도 다 얘기할 거고요
ko CMP 고객님 말씀하신 불편 사항은 해당 직원에게 전달하고 재발 방지 교육하겠습니다 정말
       죄송합니다
en CMP I was promised a call back within a day and it's been a week this is just not okay
en CMP the agent before you laughed at me when I asked a question I want that on record
ko BIL 어 이번 달 통신비에 부가서비스 요금이 붙어 있던데 저는 그런 거 신청한 적 없어요
ko BIL 관리비 카드로 납부하면 수수료 따로 붙나요
ko BIL 저 지난달 요금 아직 안 냈는데 지금 바로 낼 수 있는 방법 있어요 가상계좌 같은 거
ko BIL 네 고객님 말씀하신 금액은 정기 결제분이고 매달 십오일에 자동으로 결제되십니다
en BIL my statement shows a service fee I was told would be waived can you take it off
en BIL hi can you resend last month's invoice the pdf won't open
ko CAN 아 네 그 지난주에 산 선풍기요 박스 그대로 있는데 단순 변심도 반품 돼요
ko CAN 항공권 취소하면 수수료 얼마나 떼요 출발이 다음 달이에요
ko CAN 환불 금액이 제가 결제한 거보다 적게 들어왔어요 배송비를 빼신 건가요
ko CAN 그 렌탈 계약 이제 그만하려고요 만기 전에 끝내면 어떻게 돼요
en CAN I ordered the wrong size by mistake can I swap it for a large
en CAN yeah I'm moving overseas so I need to end my contract what do I need to do
ko ACC 어 제가 이름이 바뀌었는데요 개명을 해서 회원 정보에 이름 변경하려고요
ko ACC 자동 로그인이 풀려서 다시 들어가려는데 비밀번호가 기억이 안 나요
ko ACC 아이 명의로 된 계정을 제 계정으로 옮길 수 있나요 아이가 미성년자라서
ko ACC 쿠폰이 내 쿠폰함에서 없어졌어요 유효기간 남은 거였는데
en ACC I got a text with a login code I didn't request is someone trying to get into my account
en ACC how do I add my husband as an authorized user
ko GEN 안녕하세요 혹시 거기 설 연휴에도 배송 문의 전화 받으세요
ko GEN 네 고객님 저희 본사는 서울 성수동에 있고요 방문 상담은 사전 예약 후 가능합니다
ko GEN 그 체험 매장이 판교에도 있나요 아니면 서울에만 있어요
ko GEN 음 거기 홈페이지 주소가 어떻게 되죠 검색해도 잘 안 나와서
en GEN do you have a store anywhere in the north side of town
en GEN what's the best way to reach you guys after hours
ko OTH 아 여기가 약국 아니에요 죄송합니다 번호가 비슷해서
ko OTH 여보세요 네 아 네 조금 이따가 연락드릴게요 지금 회의 중이라
ko OTH 안녕하세요 고객님 만족도 조사 중인데요 잠시 시간 괜찮으실까요
en OTH yeah hi is Jenny there she gave me this number
en OTH hello is anybody there I can't hear anything
# held-out check 3: 64% before the keywords were tuned on it
ko PRE 어 그 전기차 충전기요 저희 아파트 주차장에도 설치가 가능한 건지 계약 전에 상담 받고
       싶어서요
ko PRE 음 그 겨울 패딩 있잖아요 남자 엘 사이즈면 키 백팔십에 맞을까요 주문하기 전에 물어보려고
ko PRE 그 학습지 무료 체험 신청하면 나중에 자동으로 결제되는 거 아니죠 일단 한번 해보고
       정하려고요
ko PRE 고객님 이 모델은 에너지 효율 일 등급이라서 전기 요금 부담이 훨씬 적으세요 지금 찾으시는
       용도에 딱 맞습니다
en PRE what's the battery life on the new tablet like if I'm using it for video calls all day
en PRE I'm shopping for a gift is there any gift wrap option and which colors are popular
ko ORD 네 저 편의점 픽업으로 해 놨는데 아직 도착 문자가 없어서요
ko ORD 택배 상자가 다 젖어서 왔어요 안에 내용물은 괜찮은 것 같은데 기사님이 비 맞게 두고 가셨나
       봐요
ko ORD 저 해외 직구 한 건데 통관이 아직 안 끝났다고 나와요 보통 며칠 걸려요
ko ORD 어 지금 주문하면 이번 주 금요일까지 받을 수 있을까요 선물이라서요
en ORD it says out for delivery since seven this morning and it's almost nine at night
en ORD can I get it sent to my office instead of my home address
ko AS  네 저 비데가 물이 계속 나와요 멈춤 버튼을 눌러도 안 멈춰요
ko AS  로봇청소기가 충전기로 못 돌아가요 중간에 헤매다가 그냥 꺼져 버려요
ko AS  산 지 삼 년 된 건데 유상이라도 고칠 수 있으면 고치고 싶어요 부품 아직 있나요
ko AS  그 설치 기사님이 벽걸이 티비를 달아 주셨는데 하루 만에 기울어졌어요 다시 봐주세요
en AS  the washing machine door won't unlock after the cycle my clothes are stuck inside
en AS  hi my smart watch screen went black and it doesn't respond to anything
ko CMP 아니 전화할 때마다 담당자가 바뀌고 매번 처음부터 다시 설명해야 되고 이게 뭐 하는 거예요
ko CMP 매장에서 시식하라고 해놓고 안 사니까 대놓고 눈치 주던데 그 직원 좀 교육시켜 주세요
ko CMP 제 개인정보를 동의도 없이 다른 업체에 넘긴 거 아니에요 광고 전화가 막 와요 이거 문제 삼을
       거예요
ko CMP 네 고객님 우선 불편 드린 점 진심으로 사과드리고요 해당 건은 팀장님께 보고드려서 따로
       연락드리도록 하겠습니다
en CMP I've been a customer for ten years and this is how you treat me I'm honestly shocked
en CMP the installer tracked mud all over my carpet and didn't even apologize
ko BIL 어 그 연회비가 빠져나갔던데 첫해 면제라고 들었거든요
ko BIL 해외에서 결제한 게 원화로 찍혀서 수수료가 두 번 붙은 것 같아요
ko BIL 법인 카드로 결제 한 거 영수증을 회사 이메일로 받을 수 있을까요
ko BIL 이번 달 요금을 두 번에 나눠서 낼 수 있어요 사정이 좀 있어서요
en BIL my autopay didn't go through and now there's a late fee on my account
en BIL why did my monthly price go up I didn't change anything
ko CAN 어 제가 실수로 같은 걸 두 개 주문했어요 하나는 취소해 주세요
ko CAN 받은 신발이 한 짝이 다른 사이즈예요 새 걸로 교환 받고 싶어요
ko CAN 보험 가입한 지 일주일 안 됐는데 청약 철회 되나요
ko CAN 콘서트 티켓 예매한 거 환불 규정이 어떻게 돼요 못 가게 돼서
en CAN the hotel charged me for a night I cancelled and I want that money returned
en CAN I'd like to stop my gym membership at the end of this month
ko ACC 네 저 회원가입 할 때 추천인 코드를 안 넣었는데 지금 넣을 수 있나요
ko ACC 이중 인증 설정해 놨는데 폰을 바꿔서 인증 앱이 없어요 로그인을 못 해요
ko ACC 돌아가신 아버지 명의로 된 계정 정리하려고 하는데 어떤 서류가 필요해요
en ACC I changed my phone number and now the app keeps sending codes to the old one
en ACC can you tell me what tier I'm in and how many points I need for the next level
ko GEN 혹시 거기 수입 제품은 원산지 표시가 어디에 돼 있어요 그냥 일반적으로 궁금해서요
ko GEN 대구에 서비스 말고 그냥 제품 구경할 수 있는 곳 있어요 주소 좀 알려 주세요
ko GEN 고객센터 전화 말고 카톡으로도 상담이 돼요
en GEN do you have a TTY line for hearing impaired customers
en GEN are your stores pet friendly
ko OTH 네 저 어제 여기서 우산 놓고 간 것 같은데 혹시 보관하고 계세요
ko OTH 안녕하세요 방송국 작가인데요 촬영 협조 관련해서 홍보팀 연락처를 알 수 있을까요
ko OTH 여보세요 어 아무 말씀이 없으셔서 통화 종료하겠습니다
en OTH hi I'm a student doing a school project on call centers could I ask you a few questions
"""


def rows() -> list[tuple[str, str, str]]:
    """Parse `TABLE` into (language, label, text) rows."""
    parsed: list[tuple[str, str, str]] = []
    for line in TABLE.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line[0].isspace():
            lang, label, text = parsed.pop()
            parsed.append((lang, label, f"{text} {line.strip()}"))
            continue
        lang, label, text = line.split(maxsplit=2)
        parsed.append((lang, LABELS[label], text))
    return parsed


def main() -> None:
    """Write the rows as JSON Lines with stable ids."""
    with OUT.open("w", encoding="utf-8") as out:
        for number, (lang, label, text) in enumerate(rows(), start=1):
            row = {"id": f"cls-{number:03d}", "lang": lang, "text": text, "label": label}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
