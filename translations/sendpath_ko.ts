<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko">
<context>
    <name>ChartsView</name>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="89"/>
        <location filename="../ui/views/chartsview.cpp" line="152"/>
        <source>cwnd (segments)</source>
        <translation>cwnd (세그먼트)</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="90"/>
        <location filename="../ui/views/chartsview.cpp" line="152"/>
        <source>in flight (segments)</source>
        <translation>전송 중 (세그먼트)</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="91"/>
        <location filename="../ui/views/chartsview.cpp" line="153"/>
        <source>snd_wnd (bytes)</source>
        <translation>snd_wnd (바이트)</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="92"/>
        <location filename="../ui/views/chartsview.cpp" line="153"/>
        <source>qdisc backlog (bytes)</source>
        <translation>qdisc 백로그 (바이트)</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="110"/>
        <location filename="../ui/views/chartsview.cpp" line="154"/>
        <source>unsent (bytes)</source>
        <translation>미전송 (바이트)</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="124"/>
        <location filename="../ui/views/chartsview.cpp" line="154"/>
        <source>ring descriptors in use</source>
        <translation>링 디스크립터 사용 중</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="130"/>
        <location filename="../ui/views/chartsview.cpp" line="155"/>
        <source>cursor</source>
        <translation>현재 위치</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="150"/>
        <source>Sender over virtual time (µs)</source>
        <translation>가상 시간에 따른 송신 측 상태 (µs)</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="159"/>
        <source>µs</source>
        <translation>µs</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="160"/>
        <source>segments</source>
        <translation>세그먼트</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.cpp" line="161"/>
        <source>bytes</source>
        <translation>바이트</translation>
    </message>
    <message>
        <location filename="../ui/views/chartsview.h" line="18"/>
        <source>Charts</source>
        <translation>차트</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <location filename="../ui/views/compareview.cpp" line="75"/>
        <location filename="../ui/views/compareview.cpp" line="150"/>
        <source>No comparison loaded.</source>
        <translation>불러온 비교가 없습니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="85"/>
        <source>Differences between the two kernels: click one to move both step lists to it</source>
        <translation>두 커널의 차이점: 하나를 클릭하면 두 스텝 목록이 그곳으로 이동합니다</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="86"/>
        <location filename="../ui/views/compareview.cpp" line="111"/>
        <source>Linux 6.15</source>
        <translation>Linux 6.15</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="86"/>
        <location filename="../ui/views/compareview.cpp" line="111"/>
        <source>Linux 6.16</source>
        <translation>Linux 6.16</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="107"/>
        <source>Executed lines of the selected call</source>
        <translation>선택한 호출의 실행된 줄</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="146"/>
        <source>Scenario %1: nothing to compare (%2)</source>
        <translation>시나리오 %1: 비교할 것이 없습니다 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="153"/>
        <source>Scenario %1 — Linux 6.15: %2 steps, 6.16: %3 steps; %4 differences</source>
        <translation>시나리오 %1 — Linux 6.15: %2 스텝, 6.16: %3 스텝, 차이 %4개</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="164"/>
        <source> (×%1)</source>
        <translation> (×%1)</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="222"/>
        <source>(top level)</source>
        <translation>(최상위)</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.cpp" line="223"/>
        <source>Executed lines of %1() in both versions: %2 rows</source>
        <translation>두 버전에서 %1()의 실행된 줄: %2행</translation>
    </message>
    <message>
        <location filename="../ui/views/compareview.h" line="25"/>
        <source>Compare 6.15 / 6.16</source>
        <translation>6.15 / 6.16 비교</translation>
    </message>
</context>
<context>
    <name>GatesView</name>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="67"/>
        <source>Step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="67"/>
        <source>Gate</source>
        <translation>관문</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="67"/>
        <source>Outcome</source>
        <translation>결과</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="67"/>
        <source>Numbers</source>
        <translation>수치</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="91"/>
        <source>tcp_write_xmit has not run yet at this step.</source>
        <translation>이 스텝에서는 tcp_write_xmit이 아직 실행되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="94"/>
        <source>tcp_write_xmit call at step %1 (%2)</source>
        <translation>스텝 %1의 tcp_write_xmit 호출 (%2)</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="113"/>
        <source> returned</source>
        <translation> 반환됨</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.cpp" line="146"/>
        <source>Now: cwnd %1, in flight %2, snd_wnd %3 · qdisc %4 packets · BQL limit %5, queued %6 · ring free %7</source>
        <translation>현재: cwnd %1, 전송 중 %2, snd_wnd %3 · qdisc 패킷 %4개 · BQL 한도 %5, 대기 중 %6 · 링 여유 %7</translation>
    </message>
    <message>
        <location filename="../ui/views/gatesview.h" line="15"/>
        <source>Gates — why didn&apos;t it send?</source>
        <translation>관문 — 왜 전송하지 않았을까?</translation>
    </message>
</context>
<context>
    <name>HeaderView</name>
    <message>
        <location filename="../ui/views/headerview.cpp" line="60"/>
        <source>Byte %1 of %2 was written at step %3 by %4</source>
        <translation>%2의 바이트 %1은(는) 스텝 %3에서 %4이(가) 기록했습니다</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="66"/>
        <source>Byte %1 has not been written yet</source>
        <translation>바이트 %1은(는) 아직 기록되지 않았습니다</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="102"/>
        <source>Field</source>
        <translation>필드</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="102"/>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="103"/>
        <source>Go to writer</source>
        <translation>기록한 스텝으로 이동</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="138"/>
        <source>No sk_buff at this step.</source>
        <translation>이 스텝에는 sk_buff가 없습니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="144"/>
        <source>%1 has no bytes yet.</source>
        <translation>%1에는 아직 바이트가 없습니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="165"/>
        <source>%1 bytes at head+%2</source>
        <translation>head+%2 위치의 %1바이트</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="180"/>
        <location filename="../ui/views/headerview.cpp" line="208"/>
        <source>Destination</source>
        <translation>목적지</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="181"/>
        <location filename="../ui/views/headerview.cpp" line="207"/>
        <source>Source</source>
        <translation>출발지</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="182"/>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="191"/>
        <source>Version / IHL</source>
        <translation>버전 / IHL</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="193"/>
        <source>TOS</source>
        <translation>TOS</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="194"/>
        <source>Total length</source>
        <translation>전체 길이</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="195"/>
        <source>Identification</source>
        <translation>식별자</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="197"/>
        <source>Flags / fragment offset</source>
        <translation>플래그 / 단편 오프셋</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="203"/>
        <source>TTL</source>
        <translation>TTL</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="204"/>
        <source>Protocol</source>
        <translation>프로토콜</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="205"/>
        <source>Header checksum</source>
        <translation>헤더 체크섬</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="214"/>
        <source>Source port</source>
        <translation>출발지 포트</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="215"/>
        <source>Destination port</source>
        <translation>목적지 포트</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="216"/>
        <source>Sequence number</source>
        <translation>시퀀스 번호</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="217"/>
        <source>Acknowledgment number</source>
        <translation>확인 응답 번호</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="223"/>
        <source>Header length / flags</source>
        <translation>헤더 길이 / 플래그</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="225"/>
        <source>Window</source>
        <translation>윈도우</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="226"/>
        <source>Checksum</source>
        <translation>체크섬</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="228"/>
        <source>Urgent pointer</source>
        <translation>긴급 포인터</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="233"/>
        <location filename="../ui/views/headerview.cpp" line="257"/>
        <source>Option</source>
        <translation>옵션</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="262"/>
        <source>Payload (linear part)</source>
        <translation>페이로드 (선형 영역)</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="265"/>
        <source>Data (no headers pushed yet)</source>
        <translation>데이터 (아직 헤더가 추가되지 않음)</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.cpp" line="267"/>
        <source>%1: %2 linear bytes shown; %3 bytes in frags (see the X-ray). Click a byte to see which step wrote it.</source>
        <translation>%1: 선형 영역 %2바이트 표시, frags에 %3바이트 있음 (엑스레이 참조). 바이트를 클릭하면 어느 스텝에서 기록했는지 볼 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/headerview.h" line="20"/>
        <source>Headers</source>
        <translation>헤더</translation>
    </message>
</context>
<context>
    <name>LessonStore</name>
    <message>
        <location filename="../ui/lessonstore.cpp" line="108"/>
        <source>Imported %1 of %2 functions for Linux %3 from %4; %5 of %6 line anchors located.</source>
        <translation>%4에서 Linux %3용 함수 %2개 중 %1개를 가져왔습니다. 줄 앵커 %6개 중 %5개를 찾았습니다.</translation>
    </message>
</context>
<context>
    <name>LessonView</name>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="96"/>
        <source>Start lesson</source>
        <translation>레슨 시작</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="97"/>
        <source>Next checkpoint</source>
        <translation>다음 체크포인트</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="98"/>
        <source>Reveal and check</source>
        <translation>정답 확인</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="99"/>
        <location filename="../ui/views/lessonview.cpp" line="178"/>
        <source>Predict, then reveal</source>
        <translation>먼저 예측하고 확인하기</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="100"/>
        <source>Your answer (a number)</source>
        <translation>답 (숫자)</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="105"/>
        <source>&lt;p&gt;Pick a lesson and press &lt;b&gt;Start lesson&lt;/b&gt;. Each checkpoint stops the debugger at a step of the kernel path and explains it; some ask you to predict what happens next before the app reveals it from the recorded run.&lt;/p&gt;</source>
        <translation>&lt;p&gt;레슨을 고르고 &lt;b&gt;레슨 시작&lt;/b&gt;을 누르세요. 각 체크포인트는 커널 경로의 한 스텝에서 디버거를 멈추고 설명합니다. 일부는 앱이 기록된 실행에서 답을 보여 주기 전에 다음에 무슨 일이 일어날지 예측하게 합니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="114"/>
        <source>No lessons database is loaded.</source>
        <translation>레슨 데이터베이스를 불러오지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="129"/>
        <source>The scenario of lesson %1 could not be loaded.</source>
        <translation>레슨 %1의 시나리오를 불러올 수 없습니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="147"/>
        <source>Lesson finished.</source>
        <translation>레슨을 마쳤습니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="163"/>
        <source>Checkpoint %1 of %2 · step %3</source>
        <translation>체크포인트 %1/%2 · 스텝 %3</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="165"/>
        <source>Lesson %1, checkpoint %2 of %3</source>
        <translation>레슨 %1, 체크포인트 %2/%3</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="213"/>
        <source>Correct.</source>
        <translation>정답입니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="213"/>
        <source>Not quite.</source>
        <translation>아쉽게도 틀렸습니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.cpp" line="214"/>
        <source>The recorded run says: %1 (step %2).</source>
        <translation>기록된 실행의 답: %1 (스텝 %2).</translation>
    </message>
    <message>
        <location filename="../ui/views/lessonview.h" line="25"/>
        <source>Guided lessons</source>
        <translation>가이드 레슨</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="48"/>
        <source>Lessons not loaded: %1</source>
        <translation>레슨을 불러오지 못했습니다: %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="118"/>
        <source>Go to step</source>
        <translation>스텝으로 이동</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="118"/>
        <source>Step:</source>
        <translation>스텝:</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="125"/>
        <source>Open scenario</source>
        <translation>시나리오 열기</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="126"/>
        <source>Scenarios (*.scn *.txt);;All files (*)</source>
        <translation>시나리오 (*.scn *.txt);;모든 파일 (*)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="129"/>
        <source>Scenario</source>
        <translation>시나리오</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="132"/>
        <location filename="../ui/mainwindow.cpp" line="136"/>
        <source>Open session</source>
        <translation>세션 열기</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="133"/>
        <location filename="../ui/mainwindow.cpp" line="140"/>
        <source>SendPath sessions (*.sendpath)</source>
        <translation>SendPath 세션 (*.sendpath)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="139"/>
        <location filename="../ui/mainwindow.cpp" line="143"/>
        <source>Save session</source>
        <translation>세션 저장</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="146"/>
        <location filename="../ui/mainwindow.cpp" line="150"/>
        <source>Export pcapng</source>
        <translation>pcapng 내보내기</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="147"/>
        <source>pcapng (*.pcapng)</source>
        <translation>pcapng (*.pcapng)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="159"/>
        <source>Run to cursor: put the cursor on a source line with a line anchor, or select an executed line</source>
        <translation>커서까지 실행: 줄 앵커가 있는 소스 줄에 커서를 두거나, 실행된 줄을 선택하세요</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="167"/>
        <location filename="../ui/mainwindow.cpp" line="310"/>
        <location filename="../ui/mainwindow.cpp" line="312"/>
        <location filename="../ui/mainwindow.cpp" line="591"/>
        <source>Compare 6.15 / 6.16</source>
        <translation>6.15 / 6.16 비교</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="278"/>
        <source>SendPath — Linux TCP transmit path debugger</source>
        <translation>SendPath — Linux TCP 전송 경로 디버거</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="280"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="281"/>
        <source>&amp;Debug</source>
        <translation>디버그(&amp;D)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="282"/>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="283"/>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="284"/>
        <source>Debug</source>
        <translation>디버그</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="285"/>
        <source>Continue</source>
        <translation>계속</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="286"/>
        <source>Step over</source>
        <translation>스텝 오버</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="287"/>
        <source>Step into</source>
        <translation>스텝 인</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="288"/>
        <source>Step out</source>
        <translation>스텝 아웃</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="289"/>
        <source>Reverse continue</source>
        <translation>역방향 계속</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="290"/>
        <source>Reverse step over</source>
        <translation>역방향 스텝 오버</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="291"/>
        <source>Reverse step into</source>
        <translation>역방향 스텝 인</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="292"/>
        <source>Reverse step out</source>
        <translation>역방향 스텝 아웃</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="293"/>
        <source>First step</source>
        <translation>첫 스텝</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="294"/>
        <source>Last step</source>
        <translation>마지막 스텝</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="295"/>
        <source>Play / pause</source>
        <translation>재생 / 일시 정지</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="296"/>
        <source>Go to step…</source>
        <translation>스텝으로 이동…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="297"/>
        <source>Add breakpoint…</source>
        <translation>중단점 추가…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="298"/>
        <source>Open scenario…</source>
        <translation>시나리오 열기…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="299"/>
        <source>Open session…</source>
        <translation>세션 열기…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="300"/>
        <source>Save session…</source>
        <translation>세션 저장…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="301"/>
        <source>Export pcapng…</source>
        <translation>pcapng 내보내기…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="302"/>
        <source>Export view as PNG/SVG…</source>
        <translation>뷰를 PNG/SVG로 내보내기…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="303"/>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="304"/>
        <source>Dark theme</source>
        <translation>어두운 테마</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="305"/>
        <source>Larger text (projector)</source>
        <translation>글자 크게 (프로젝터용)</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="306"/>
        <source>Smaller text</source>
        <translation>글자 작게</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="307"/>
        <location filename="../ui/mainwindow.cpp" line="498"/>
        <source>Debugger keys</source>
        <translation>디버거 단축키</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="308"/>
        <source>Run to cursor</source>
        <translation>커서까지 실행</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="309"/>
        <source>Kernel source…</source>
        <translation>커널 소스…</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="313"/>
        <location filename="../ui/mainwindow.cpp" line="511"/>
        <source>About SendPath</source>
        <translation>SendPath 정보</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="331"/>
        <source>No run loaded</source>
        <translation>불러온 실행 기록 없음</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="336"/>
        <source>Step %1 of %2 · %3 · t = %4 µs · Linux %5</source>
        <translation>스텝 %1/%2 · %3 · t = %4 µs · Linux %5</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="415"/>
        <source>This session has no wire frames (sessions opened from a file keep only the trace).</source>
        <translation>이 세션에는 실제 전송된 프레임이 없습니다 (파일에서 연 세션에는 트레이스만 저장됩니다).</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="475"/>
        <source>Add breakpoint</source>
        <translation>중단점 추가</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="476"/>
        <source>Function (tcp_write_xmit), source line anchor (tcp_cwnd_test:quota) or condition (tp-&gt;snd_cwnd &lt; 4, ring0.free &lt; 8):</source>
        <translation>함수(tcp_write_xmit), 소스 줄 앵커(tcp_cwnd_test:quota) 또는 조건(tp-&gt;snd_cwnd &lt; 4, ring0.free &lt; 8):</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="486"/>
        <source>Breakpoint</source>
        <translation>중단점</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="493"/>
        <source>Breakpoint added: %1</source>
        <translation>중단점 추가됨: %1</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="499"/>
        <source>F5  continue to the next breakpoint
Shift+F5  reverse continue
F10  step over
Shift+F10  reverse step over
F11  step into
Ctrl+F11  reverse step into
Shift+F11  step out
Ctrl+Shift+F11  reverse step out
F9  add a breakpoint (function or condition)
Ctrl+G  go to step
Space  play / pause
Home / End  first / last step
Ctrl+Plus / Ctrl+Minus  text size for projectors</source>
        <translation>F5  다음 중단점까지 계속
Shift+F5  역방향 계속
F10  스텝 오버
Shift+F10  역방향 스텝 오버
F11  스텝 인
Ctrl+F11  역방향 스텝 인
Shift+F11  스텝 아웃
Ctrl+Shift+F11  역방향 스텝 아웃
F9  중단점 추가 (함수 또는 조건)
Ctrl+G  스텝으로 이동
Space  재생 / 일시 정지
Home / End  첫 스텝 / 마지막 스텝
Ctrl+Plus / Ctrl+Minus  프로젝터용 글자 크기 조절</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="512"/>
        <source>SendPath steps through a model of the Linux TCP transmit path, from send() to the doorbell of an emulated Intel E810.

SendPath is free software under the GNU GPL, version 2 or later. The kernel source excerpts it shows are Linux code, licensed GPL-2.0: imported from your own kernel tree (File &gt; Kernel source…) or quoted in the project&apos;s notes.</source>
        <translation>SendPath는 send()부터 에뮬레이션된 Intel E810의 도어벨까지, 리눅스 TCP 송신 경로의 모델을 한 스텝씩 보여 줍니다.

SendPath는 GNU GPL 버전 2 이상으로 배포되는 자유 소프트웨어입니다. 표시되는 커널 소스 발췌는 GPL-2.0 라이선스의 리눅스 코드로, 사용자의 커널 트리에서 가져오거나(파일 &gt; 커널 소스…) 프로젝트 노트에 인용된 것입니다.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="531"/>
        <source>The comparison of %1 failed.</source>
        <translation>%1 비교에 실패했습니다.</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="588"/>
        <source>Compare: source and sk_buff, 6.15 | 6.16</source>
        <translation>비교: 소스와 sk_buff, 6.15 | 6.16</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="602"/>
        <location filename="../ui/mainwindow.cpp" line="611"/>
        <location filename="../ui/mainwindow.cpp" line="620"/>
        <location filename="../ui/mainwindow.cpp" line="622"/>
        <source>Kernel source</source>
        <translation>커널 소스</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="603"/>
        <source>SendPath ships no Linux source: it reads the modelled functions from your kernel tree.
Import for which version?</source>
        <translation>SendPath는 리눅스 소스를 포함하지 않습니다. 모델링된 함수를 사용자의 커널 트리에서 읽어 옵니다.
어느 버전용으로 가져올까요?</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="608"/>
        <source>Linux %1 source tree</source>
        <translation>Linux %1 소스 트리</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="612"/>
        <source>Git revision to read (e.g. v%1), or empty to read the files as they are:</source>
        <translation>읽을 Git 리비전(예: v%1). 비워 두면 파일을 있는 그대로 읽습니다:</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="633"/>
        <source>Export view</source>
        <translation>뷰 내보내기</translation>
    </message>
    <message>
        <location filename="../ui/mainwindow.cpp" line="633"/>
        <source>PNG (*.png);;SVG (*.svg)</source>
        <translation>PNG (*.png);;SVG (*.svg)</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="308"/>
        <source>(start of the run)</source>
        <translation>(실행 시작)</translation>
    </message>
</context>
<context>
    <name>RingView</name>
    <message>
        <location filename="../ui/views/ringview.cpp" line="67"/>
        <source>slot %1: never used</source>
        <translation>슬롯 %1: 사용된 적 없음</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="72"/>
        <source>slot %1: context descriptor  QW0 0x%2  QW1 0x%3
TSO total length %4, MSS %5, cmd 0x%6</source>
        <translation>슬롯 %1: 컨텍스트 디스크립터  QW0 0x%2  QW1 0x%3
TSO 전체 길이 %4, MSS %5, cmd 0x%6</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="81"/>
        <source>slot %1: data descriptor  buf 0x%2  size %3  cmd 0x%4%5%6  MACLEN %7 IPLEN %8 L4LEN %9%10</source>
        <translation>슬롯 %1: 데이터 디스크립터  buf 0x%2  크기 %3  cmd 0x%4%5%6  MACLEN %7 IPLEN %8 L4LEN %9%10</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="92"/>
        <source>  — written back (DTYPE 0xF)</source>
        <translation>  — 라이트백 완료 (DTYPE 0xF)</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="96"/>
        <location filename="../ui/views/ringview.cpp" line="97"/>
        <source>Click a slot to decode its descriptor.</source>
        <translation>슬롯을 클릭하면 해당 디스크립터를 디코딩합니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="125"/>
        <source>The ring has not been set up at this step.</source>
        <translation>이 스텝에서는 아직 링이 설정되지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="171"/>
        <source>DOORBELL
%1</source>
        <translation>도어벨
%1</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="176"/>
        <source>host memory</source>
        <translation>호스트 메모리</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="190"/>
        <source>DMA read
</source>
        <translation>DMA 읽기
</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="190"/>
        <source>write-back
</source>
        <translation>라이트백
</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="193"/>
        <source>%1 slots · free %2
doorbells %3 · DMA reads %4
write-backs %5%6</source>
        <translation>슬롯 %1개 · 여유 %2
도어벨 %3 · DMA 읽기 %4
라이트백 %5%6</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="199"/>
        <source>
queue STOPPED</source>
        <translation>
큐 정지됨</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="202"/>
        <source>free</source>
        <translation>비어 있음</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="202"/>
        <source>written, no doorbell</source>
        <translation>기록됨, 도어벨 없음</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="202"/>
        <source>ready for device</source>
        <translation>장치 처리 대기</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="203"/>
        <source>fetched by device</source>
        <translation>장치가 가져감</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.cpp" line="203"/>
        <source>written back</source>
        <translation>라이트백 완료</translation>
    </message>
    <message>
        <location filename="../ui/views/ringview.h" line="17"/>
        <source>NIC ring (E810 queue 0)</source>
        <translation>NIC 링 (E810 큐 0)</translation>
    </message>
</context>
<context>
    <name>SeqBar</name>
    <message>
        <location filename="../ui/views/sockview.cpp" line="159"/>
        <source>snd_una %1</source>
        <translation>snd_una %1</translation>
    </message>
    <message>
        <location filename="../ui/views/sockview.cpp" line="161"/>
        <source>in flight %1 B · unsent %2 B · window end +%3 · pushed_seq +%4</source>
        <translation>전송 중 %1 B · 미전송 %2 B · 윈도우 끝 +%3 · pushed_seq +%4</translation>
    </message>
</context>
<context>
    <name>SkbView</name>
    <message>
        <location filename="../ui/views/skbview.cpp" line="37"/>
        <source>kernel page_frag</source>
        <translation>커널 page_frag</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="39"/>
        <source>pinned user page</source>
        <translation>고정된 사용자 페이지</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="41"/>
        <source>spliced page</source>
        <translation>splice된 페이지</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="43"/>
        <source>dma-buf net_iov</source>
        <translation>dma-buf net_iov</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="47"/>
        <source>kernel page</source>
        <translation>커널 페이지</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="116"/>
        <source>No sk_buff at this step. Step into tcp_sendmsg_locked to watch one being built.</source>
        <translation>이 스텝에는 sk_buff가 없습니다. tcp_sendmsg_locked로 스텝 인하면 sk_buff가 만들어지는 과정을 볼 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="122"/>
        <source>%1   len %2 = linear %3 + frags %4   truesize %5%6</source>
        <translation>%1   len %2 = 선형 %3 + frags %4   truesize %5%6</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="129"/>
        <source>   (clone of %1)</source>
        <translation>   (%1의 복제본)</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="129"/>
        <source>   (cloned)</source>
        <translation>   (복제됨)</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="173"/>
        <source>headroom %1 · linear data %2 · tailroom %3</source>
        <translation>headroom %1 · 선형 데이터 %2 · tailroom %3</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="177"/>
        <source>frags: %1   gso_size %2   gso_segs %3   gso_type 0x%4   dataref %5   flags 0x%6</source>
        <translation>frags: %1   gso_size %2   gso_segs %3   gso_type 0x%4   dataref %5   flags 0x%6</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.cpp" line="201"/>
        <source>[%1] %2 @%3 +%4
%5 ref %6</source>
        <translation>[%1] %2 @%3 +%4
%5 참조 %6</translation>
    </message>
    <message>
        <location filename="../ui/views/skbview.h" line="12"/>
        <source>sk_buff X-ray</source>
        <translation>sk_buff 엑스레이</translation>
    </message>
</context>
<context>
    <name>SockView</name>
    <message>
        <location filename="../ui/views/sockview.cpp" line="53"/>
        <source>Field</source>
        <translation>필드</translation>
    </message>
    <message>
        <location filename="../ui/views/sockview.cpp" line="53"/>
        <source>Value</source>
        <translation>값</translation>
    </message>
    <message>
        <location filename="../ui/views/sockview.cpp" line="53"/>
        <source>Before this step</source>
        <translation>이 스텝 이전</translation>
    </message>
    <message>
        <location filename="../ui/views/sockview.cpp" line="54"/>
        <source>Watch expression, e.g. tp.snd_nxt - tp.snd_una</source>
        <translation>조사식 (예: tp.snd_nxt - tp.snd_una)</translation>
    </message>
    <message>
        <location filename="../ui/views/sockview.h" line="34"/>
        <source>Socket state</source>
        <translation>소켓 상태</translation>
    </message>
</context>
<context>
    <name>SourceView</name>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="343"/>
        <source>No breakpoints: double-click a line above, or press F9</source>
        <translation>중단점 없음: 위의 줄을 두 번 클릭하거나 F9를 누르세요</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="351"/>
        <source>No run loaded</source>
        <translation>불러온 실행 기록 없음</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="379"/>
        <source>Outside any kernel function</source>
        <translation>커널 함수 밖</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="239"/>
        <source>Kernel source</source>
        <translation>커널 소스</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="240"/>
        <source>Executed lines</source>
        <translation>실행된 줄</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="504"/>
        <source>No lessons database loaded.</source>
        <translation>레슨 데이터베이스를 불러오지 않았습니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="447"/>
        <source>&lt;b&gt;%1&lt;/b&gt; — not kernel code: %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — 커널 코드가 아님: %2</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="382"/>
        <source> · step %1 of %2</source>
        <translation> · 스텝 %1/%2</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="451"/>
        <source>This step belongs to the emulated hardware or the simulated peer; the annotation explains what it models.</source>
        <translation>이 스텝은 에뮬레이션된 하드웨어 또는 시뮬레이션된 상대편에 속합니다. 무엇을 모델링하는지는 주석에서 설명합니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="457"/>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2 · Linux %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2 · Linux %3</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="459"/>
        <source>No kernel source for %1 in Linux %2 yet.

SendPath ships no Linux source. Import the modelled functions from your own kernel tree with File &gt; Kernel source... (or: sendpath-cli lessons import-source --kernel %2 --tree ~/linux [--rev v%2]). The Executed lines tab shows what the model ran.</source>
        <translation>아직 Linux %2의 %1 커널 소스가 없습니다.

SendPath는 리눅스 소스를 포함하지 않습니다. 파일 &gt; 커널 소스...로 사용자의 커널 트리에서 모델링된 함수를 가져오세요 (또는: sendpath-cli lessons import-source --kernel %2 --tree ~/linux [--rev v%2]). 실행된 줄 탭에서 모델이 실행한 내용을 볼 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="469"/>
        <source>imported from %1</source>
        <translation>%1에서 가져옴</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="470"/>
        <source>quoted in the notes: %1</source>
        <translation>노트에 인용됨: %1</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="472"/>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2 · Linux %3 · %4&lt;br&gt;&lt;small&gt;%5. Linux kernel source is GPL-2.0; SendPath is GPL-2.0-or-later.&lt;/small&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2 · Linux %3 · %4&lt;br&gt;&lt;small&gt;%5. 리눅스 커널 소스는 GPL-2.0, SendPath는 GPL-2.0-or-later입니다.&lt;/small&gt;</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="557"/>
        <source>Step %1</source>
        <translation>스텝 %1</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="557"/>
        <source> · %1 · virtual time %2 µs, call depth %3</source>
        <translation> · %1 · 가상 시간 %2 µs, 호출 깊이 %3</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="241"/>
        <source>Student</source>
        <translation>학생</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="242"/>
        <source>Engineer</source>
        <translation>엔지니어</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="243"/>
        <source>English + 한국어 side by side</source>
        <translation>English + 한국어 나란히 보기</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.cpp" line="632"/>
        <source>&lt;p&gt;No annotation for this step.&lt;/p&gt;</source>
        <translation>&lt;p&gt;이 스텝에 대한 주석이 없습니다.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ui/views/sourceview.h" line="24"/>
        <source>Source and call stack</source>
        <translation>소스 및 호출 스택</translation>
    </message>
</context>
<context>
    <name>TimersView</name>
    <message>
        <location filename="../ui/views/timersview.cpp" line="136"/>
        <source>RTO</source>
        <translation>RTO</translation>
    </message>
    <message>
        <location filename="../ui/views/timersview.cpp" line="136"/>
        <source>zero-window probe</source>
        <translation>제로 윈도우 프로브</translation>
    </message>
    <message>
        <location filename="../ui/views/timersview.cpp" line="136"/>
        <source>loss probe (TLP)</source>
        <translation>손실 프로브 (TLP)</translation>
    </message>
    <message>
        <location filename="../ui/views/timersview.cpp" line="137"/>
        <source>delayed ACK</source>
        <translation>지연 ACK</translation>
    </message>
    <message>
        <location filename="../ui/views/timersview.cpp" line="162"/>
        <source>0 µs</source>
        <translation>0 µs</translation>
    </message>
    <message>
        <location filename="../ui/views/timersview.cpp" line="163"/>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <location filename="../ui/views/timersview.cpp" line="92"/>
        <source>backoff %1, rto %2 ms</source>
        <translation>백오프 %1, rto %2 ms</translation>
    </message>
    <message>
        <location filename="../ui/views/timersview.h" line="14"/>
        <source>Timers</source>
        <translation>타이머</translation>
    </message>
</context>
</TS>
