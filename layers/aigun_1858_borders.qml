<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.34.0-Prizren" styleCategories="Symbology|Temporal">
  <renderer-v2 type="categorizedSymbol" attr="concat(&quot;established_by&quot;, '|', &quot;precision&quot;, '|', if(&quot;own&quot;, 'own', 'inherited'))" symbollevels="0" enableorderby="0" forceraster="0">
    <categories>
      <category value="nerchinsk-1689|described|inherited" type="string" symbol="0" label="nerchinsk-1689, described, inherited" render="true" />
      <category value="kyakhta-1727|surveyed|inherited" type="string" symbol="1" label="kyakhta-1727, surveyed, inherited" render="true" />
      <category value="kyakhta-1727|approximate|inherited" type="string" symbol="2" label="kyakhta-1727, approximate, inherited" render="true" />
      <category value="aigun-1858|described|own" type="string" symbol="3" label="aigun-1858, described, own" render="true" />
      <category value="aigun-1858|undelimited|own" type="string" symbol="4" label="aigun-1858, undelimited, own" render="true" />
    </categories>
    <symbols>
      <symbol type="line" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="line_color" value="213,94,0,153" type="QString" />
            <Option name="line_width" value="2.1" type="QString" />
            <Option name="line_width_unit" value="Pixel" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="use_custom_dash" value="1" type="QString" />
            <Option name="customdash" value="14;8" type="QString" />
            <Option name="customdash_unit" value="Pixel" type="QString" />
            <Option name="capstyle" value="round" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
      <symbol type="line" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="line_color" value="0,107,79,153" type="QString" />
            <Option name="line_width" value="2.1" type="QString" />
            <Option name="line_width_unit" value="Pixel" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="use_custom_dash" value="0" type="QString" />
            <Option name="customdash" value="5;2" type="QString" />
            <Option name="customdash_unit" value="Pixel" type="QString" />
            <Option name="capstyle" value="round" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
      <symbol type="line" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="line_color" value="0,107,79,153" type="QString" />
            <Option name="line_width" value="1.8" type="QString" />
            <Option name="line_width_unit" value="Pixel" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="use_custom_dash" value="1" type="QString" />
            <Option name="customdash" value="6;7" type="QString" />
            <Option name="customdash_unit" value="Pixel" type="QString" />
            <Option name="capstyle" value="round" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
      <symbol type="line" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="line_color" value="160,24,128,242" type="QString" />
            <Option name="line_width" value="3.5" type="QString" />
            <Option name="line_width_unit" value="Pixel" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="use_custom_dash" value="1" type="QString" />
            <Option name="customdash" value="14;8" type="QString" />
            <Option name="customdash_unit" value="Pixel" type="QString" />
            <Option name="capstyle" value="round" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
      <symbol type="line" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="line_color" value="160,24,128,242" type="QString" />
            <Option name="line_width" value="2.5" type="QString" />
            <Option name="line_width_unit" value="Pixel" type="QString" />
            <Option name="line_style" value="solid" type="QString" />
            <Option name="use_custom_dash" value="1" type="QString" />
            <Option name="customdash" value="1;6" type="QString" />
            <Option name="customdash_unit" value="Pixel" type="QString" />
            <Option name="capstyle" value="round" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <temporal enabled="1" mode="2" limitMode="0" startField="valid_from" endField="valid_until" accumulate="0" startExpression="" endExpression="" durationField="" fixedDuration="0" />
  <layerGeometryType>1</layerGeometryType>
</qgis>
