<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="zh_CN">
<context>
    <name>ApiError</name>
    <message>
        <source>无法连接服务器，请检查网络或联系管理员</source>
        <translation>无法连接服务器，请检查网络或联系管理员</translation>
    </message>
    <message>
        <source>服务器响应超时，请稍后重试</source>
        <translation>服务器响应超时，请稍后重试</translation>
    </message>
    <message>
        <source>尚未找到服务器，正在搜索…</source>
        <translation>尚未找到服务器，正在搜索…</translation>
    </message>
    <message>
        <source>服务器返回的数据无法识别，请联系管理员</source>
        <translation>服务器返回的数据无法识别，请联系管理员</translation>
    </message>
</context>
<context>
    <name>HallBrowser</name>
    <message>
        <source>网络上发现多个大厅：{halls}。请在设备设置中指定大厅编号（hall）</source>
        <translation>网络上发现多个大厅：{halls}。请在设备设置中指定大厅编号（hall）</translation>
    </message>
</context>
<context>
    <name>HallConnection</name>
    <message>
        <source>正在查找服务器…</source>
        <translation>正在查找服务器…</translation>
    </message>
    <message>
        <source>服务器已离线，正在重新查找…</source>
        <translation>服务器已离线，正在重新查找…</translation>
    </message>
    <message>
        <source>本设备尚未配置设备令牌，请联系管理员（jiaohao admin device add）</source>
        <translation>本设备尚未配置设备令牌，请联系管理员（jiaohao admin device add）</translation>
    </message>
    <message>
        <source>与服务器的连接已断开，正在重新连接…</source>
        <translation>与服务器的连接已断开，正在重新连接…</translation>
    </message>
    <message>
        <source>已恢复与服务器的连接</source>
        <translation>已恢复与服务器的连接</translation>
    </message>
</context>
</TS>
