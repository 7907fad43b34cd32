<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.34.0-Prizren" styleCategories="Symbology|Temporal">
  <renderer-v2 type="categorizedSymbol" attr="concat(&quot;by&quot;, '|', &quot;precision&quot;)" symbollevels="0" enableorderby="0" forceraster="0">
    <categories>
      <category value="qing|approximate" type="string" symbol="0" label="qing, approximate" render="true" />
      <category value="qing|undelimited" type="string" symbol="1" label="qing, undelimited" render="true" />
      <category value="russia|described" type="string" symbol="2" label="russia, described" render="true" />
      <category value="russia|approximate" type="string" symbol="3" label="russia, approximate" render="true" />
      <category value="qing|described" type="string" symbol="4" label="qing, described" render="true" />
    </categories>
    <symbols>
      <symbol type="line" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="line_color" value="201,168,0,128" type="QString" />
            <Option name="line_width" value="11" type="QString" />
            <Option name="line_width_unit" value="Pixel" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="use_custom_dash" value="1" type="QString" />
            <Option name="customdash" value="12;10" type="QString" />
            <Option name="customdash_unit" value="Pixel" type="QString" />
            <Option name="capstyle" value="flat" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
      <symbol type="line" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="line_color" value="201,168,0,128" type="QString" />
            <Option name="line_width" value="11" type="QString" />
            <Option name="line_width_unit" value="Pixel" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="use_custom_dash" value="1" type="QString" />
            <Option name="customdash" value="12;10" type="QString" />
            <Option name="customdash_unit" value="Pixel" type="QString" />
            <Option name="capstyle" value="flat" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
      <symbol type="line" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="line_color" value="26,47,92,128" type="QString" />
            <Option name="line_width" value="11" type="QString" />
            <Option name="line_width_unit" value="Pixel" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="use_custom_dash" value="0" type="QString" />
            <Option name="customdash" value="5;2" type="QString" />
            <Option name="customdash_unit" value="Pixel" type="QString" />
            <Option name="capstyle" value="flat" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
      <symbol type="line" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="line_color" value="26,47,92,128" type="QString" />
            <Option name="line_width" value="11" type="QString" />
            <Option name="line_width_unit" value="Pixel" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="use_custom_dash" value="1" type="QString" />
            <Option name="customdash" value="12;10" type="QString" />
            <Option name="customdash_unit" value="Pixel" type="QString" />
            <Option name="capstyle" value="flat" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
      <symbol type="line" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="line_color" value="201,168,0,128" type="QString" />
            <Option name="line_width" value="11" type="QString" />
            <Option name="line_width_unit" value="Pixel" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="use_custom_dash" value="0" type="QString" />
            <Option name="customdash" value="5;2" type="QString" />
            <Option name="customdash_unit" value="Pixel" type="QString" />
            <Option name="capstyle" value="flat" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <temporal enabled="1" mode="1" limitMode="0" startField="date_first" endField="" accumulate="1" startExpression="" endExpression="" durationField="" fixedDuration="0" />
  <layerGeometryType>1</layerGeometryType>
</qgis>
