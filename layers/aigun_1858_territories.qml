<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.34.0-Prizren" styleCategories="Symbology|Temporal">
  <renderer-v2 type="categorizedSymbol" attr="concat(&quot;status&quot;, '|', if(&quot;alternative&quot;, 'second reading', 'main'))" symbollevels="0" enableorderby="0" forceraster="0">
    <categories>
      <category value="qing|main" type="string" symbol="0" label="qing, main" render="true" />
      <category value="ceded|main" type="string" symbol="1" label="ceded, main" render="true" />
      <category value="joint|main" type="string" symbol="2" label="joint, main" render="true" />
      <category value="enclave|main" type="string" symbol="3" label="enclave, main" render="true" />
      <category value="russia|main" type="string" symbol="4" label="russia, main" render="true" />
    </categories>
    <symbols>
      <symbol type="fill" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" value="240,216,0,89" type="QString" />
            <Option name="style" value="solid" type="QString" />
            <Option name="outline_color" value="240,216,0,204" type="QString" />
            <Option name="outline_style" value="solid" type="QString" />
            <Option name="outline_width" value="0.5" type="QString" />
            <Option name="outline_width_unit" value="Pixel" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" value="140,10,10,89" type="QString" />
            <Option name="style" value="solid" type="QString" />
            <Option name="outline_color" value="140,10,10,204" type="QString" />
            <Option name="outline_style" value="solid" type="QString" />
            <Option name="outline_width" value="0.5" type="QString" />
            <Option name="outline_width_unit" value="Pixel" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" value="96,32,224,89" type="QString" />
            <Option name="style" value="solid" type="QString" />
            <Option name="outline_color" value="96,32,224,204" type="QString" />
            <Option name="outline_style" value="solid" type="QString" />
            <Option name="outline_width" value="0.5" type="QString" />
            <Option name="outline_width_unit" value="Pixel" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" value="79,144,16,89" type="QString" />
            <Option name="style" value="solid" type="QString" />
            <Option name="outline_color" value="79,144,16,204" type="QString" />
            <Option name="outline_style" value="solid" type="QString" />
            <Option name="outline_width" value="0.5" type="QString" />
            <Option name="outline_width_unit" value="Pixel" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
      <symbol type="fill" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option name="color" value="26,47,92,89" type="QString" />
            <Option name="style" value="solid" type="QString" />
            <Option name="outline_color" value="26,47,92,204" type="QString" />
            <Option name="outline_style" value="solid" type="QString" />
            <Option name="outline_width" value="0.5" type="QString" />
            <Option name="outline_width_unit" value="Pixel" type="QString" />
            <Option name="joinstyle" value="round" type="QString" />
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <temporal enabled="1" mode="2" limitMode="0" startField="valid_from" endField="valid_until" accumulate="0" startExpression="" endExpression="" durationField="" fixedDuration="0" />
  <layerGeometryType>2</layerGeometryType>
</qgis>
